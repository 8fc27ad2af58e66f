#!/usr/bin/env bash
# Runs a command with a throwaway Redis: redis-server on a free port of 127.0.0.1, no persistence, exported to the
# command as USERPROFILE_TEST_REDIS (a StackExchange.Redis configuration string) and USERPROFILE_TEST_REDIS_PID (so a
# test can pause it). It is stopped when the command ends, whatever happened.
#
#   bash tests/with-redis.sh dotnet test
#
# Needs redis-server (Debian: apt-get install redis-server).
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: bash tests/with-redis.sh COMMAND [ARGS...]" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "redis-server is not installed: run 'apt-get install redis-server' (Debian/Ubuntu), then run this again." >&2; exit 2; }

dir=$(mktemp -d /tmp/userprofile-redis.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
stop() {
  if [ -f "$dir/redis.pid" ]; then
    pid=$(cat "$dir/redis.pid")
    kill -CONT "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq 1 100); do
  [ -f "$dir/redis.pid" ] && redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$port" ping >/dev/null || { cat "$dir/redis.log" >&2; exit 1; }

export USERPROFILE_TEST_REDIS="127.0.0.1:$port"
export USERPROFILE_TEST_REDIS_PID=$(cat "$dir/redis.pid")
echo "Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$port (USERPROFILE_TEST_REDIS is set)" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
