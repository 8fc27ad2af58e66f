#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL and a throwaway Redis (tests/with-postgres.sh, tests/with-redis.sh), both
# stopped when it ends. The README's test command:
#
#   bash tests/with-engines.sh dotnet test
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/with-postgres.sh" bash "$here/with-redis.sh" "$@"
