#!/usr/bin/env bash
# What the SDK adds to a real request: POST /profile on samples/AspNetCoreBackend (sessions in memory, one instance)
# against a bare ASP.NET Core endpoint (tests/LoadTest) that reads the same body and answers as many bytes, with the
# same load generator (wrk, Debian's package) at the same concurrency, in one run, alternating A B A B.
#
#   bash tests/LoadTest/run.sh [seconds per round, default 15] [connections, default 32]
#
# Both servers run on the same host defaults (WebApplication.CreateBuilder) and log warnings only, so the figures are
# the SDK's and not the console's.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-15}
connections=${2:-32}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { curl -s --retry 120 --retry-connrefused --retry-delay 1 -o /dev/null "$1"; }

dotnet build -c Release -v quiet -nologo "$repo/samples/AspNetCoreBackend" >/dev/null
dotnet build -c Release -v quiet -nologo "$repo/tests/LoadTest" >/dev/null
dotnet build -c Release -v quiet -nologo -f net10.0 "$repo/src/WeChatMiniProgram.UserProfile.Tool" >/dev/null
tool="$repo/src/WeChatMiniProgram.UserProfile.Tool/bin/Release/net10.0/WeChatMiniProgram.UserProfile.Tool.dll"
tool() { dotnet "$tool" "$@"; }

emulator_port=$(free_port)
# Each server is started with exec, so the PID kept is the server's own and the trap stops it.
dotnet "$tool" serve --port "$emulator_port" > "$work/emulator.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$emulator_port/"
emulator=http://127.0.0.1:$emulator_port

sample_port=$(free_port)
(cd "$repo/samples/AspNetCoreBackend" && WeChat__ApiBaseAddress=$emulator SessionStore__Engine=memory Logging__LogLevel__Default=Warning \
  exec dotnet bin/Release/net10.0/AspNetCoreBackend.dll --urls "http://127.0.0.1:$sample_port" > "$work/sample.log" 2>&1) & pids+=($!)

code=$(tool login --emulator "$emulator" --app-id wx4f4bc4dec97d474b --user alice)
wait_for "http://127.0.0.1:$sample_port/"
token=$(curl -s -X POST "http://127.0.0.1:$sample_port/login" -H 'Content-Type: application/json' -d "{\"code\":\"$code\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
tool profile --emulator "$emulator" --app-id wx4f4bc4dec97d474b --user alice --desc 完善会员资料 --base-library 2.26.0 > "$work/result.json"
status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -X POST "http://127.0.0.1:$sample_port/profile" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data @"$work/result.json")
[ "$status" = 200 ] || { echo "the sample answered $status: $(cat "$work/answer.json")" >&2; exit 1; }
response_bytes=$(wc -c < "$work/answer.json")

bare_port=$(free_port)
Logging__LogLevel__Default=Warning dotnet "$repo/tests/LoadTest/bin/Release/net10.0/LoadTest.dll" --urls "http://127.0.0.1:$bare_port" --ResponseBytes "$response_bytes" > "$work/bare.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$bare_port/"
bare_bytes=$(curl -s -X POST "http://127.0.0.1:$bare_port/profile" -H 'Content-Type: application/json' --data @"$work/result.json" | wc -c)

echo "request: $(wc -c < "$work/result.json") B; answers: sample $response_bytes B, bare $bare_bytes B; wrk -t1 -c$connections -d${seconds}s"
export LOAD_BODY=$work/result.json LOAD_TOKEN=$token
run() { # name url -> "name rps p50 p99"
  local out
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$repo/tests/LoadTest/post.lua" "$2/profile")
  grep -q "Non-2xx" <<<"$out" && { echo "$1 answered errors under load:" >&2; echo "$out" >&2; exit 1; }
  echo "$1 $(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="50%" {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
}
# Warm both up, then alternate, so drift on a shared VM hits both alike.
wrk -t1 -c"$connections" -d3s -s "$repo/tests/LoadTest/post.lua" "http://127.0.0.1:$bare_port/profile" >/dev/null
wrk -t1 -c"$connections" -d3s -s "$repo/tests/LoadTest/post.lua" "http://127.0.0.1:$sample_port/profile" >/dev/null
printf '%-8s %12s %10s %10s\n' server requests/s p50 p99
for round in 1 2; do
  run bare "http://127.0.0.1:$bare_port" | xargs printf '%-8s %12s %10s %10s\n'
  run sample "http://127.0.0.1:$sample_port" | xargs printf '%-8s %12s %10s %10s\n'
done
