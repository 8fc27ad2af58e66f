#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of every library from its code (PublicApiAnalyzers' RS0016 fix), for a change to
# the surface made on purpose; review the diff. PublicAPI.Shipped.txt is left alone: it changes only at a release.
#
#   bash eng/update-public-api.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
for api in "$repo"/src/*/PublicAPI.Unshipped.txt; do
  project=$(ls "$(dirname "$api")"/*.csproj)
  printf '#nullable enable\n' > "$api"
  dotnet format analyzers "$project" --diagnostics RS0016 --severity warn -v quiet >/dev/null 2>&1 || true
  echo "$api: $(($(wc -l < "$api") - 1)) members" >&2
done
