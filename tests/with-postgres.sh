#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL: a new cluster in a temp directory, listening only on a Unix socket there
# (no TCP port to collide with), exported to the command as USERPROFILE_TEST_POSTGRES (an Npgsql connection string).
# The cluster is stopped and deleted when the command ends, whatever happened.
#
#   bash tests/with-postgres.sh dotnet test
#
# Needs PostgreSQL's server binaries (Debian: apt-get install postgresql). initdb refuses root, so as root the cluster
# runs as the 'postgres' user.
set -euo pipefail
[ "$#" -gt 0 ] || { echo "usage: bash tests/with-postgres.sh COMMAND [ARGS...]" >&2; exit 2; }

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL's server is not installed: run 'apt-get install postgresql' (Debian/Ubuntu), then run this again." >&2
  exit 2
fi

dir=$(mktemp -d /tmp/userprofile-pg.XXXXXX)
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
stop() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
  -o "-c listen_addresses='' -k $dir -p 5432 -c fsync=off -c max_connections=300" start >/dev/null \
  || { cat "$dir/postgres.log" >&2; exit 1; }

export USERPROFILE_TEST_POSTGRES="Host=$dir;Port=5432;Username=postgres;Database=postgres"
# The postmaster's pid, so a test can pause the whole cluster (it and its backends) and resume it.
export USERPROFILE_TEST_POSTGRES_PID=$(head -1 "$dir/data/postmaster.pid")
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $dir/.s.PGSQL.5432 (USERPROFILE_TEST_POSTGRES is set)" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
