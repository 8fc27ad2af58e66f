#!/usr/bin/env bash
# Runs this sample on the UserProfile package packed from this clone, as a user's app takes it:
#
#   bash samples/PackageConsumer/run.sh                   # net10.0
#   bash samples/PackageConsumer/run.sh net8.0 net10.0    # both apps
#
# It packs first (eng/pack.sh: a version no earlier pack has, into artifacts/feed), then restores into a packages
# folder of its own (artifacts/consumer-packages), so no older copy anywhere can stand in for the fresh pack.
# USERPROFILE_PACKAGE_VERSION=<version> skips the pack and uses a version already in artifacts/feed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
version=${USERPROFILE_PACKAGE_VERSION:-$(bash "$repo/eng/pack.sh")}
[ "$#" -gt 0 ] || set -- net10.0
for framework in "$@"; do
  echo "== samples/PackageConsumer ($framework) on UserProfile $version" >&2
  output=$(dotnet run --project "$repo/samples/PackageConsumer" -f "$framework" --property:UserProfileVersion="$version" \
    --packages "$repo/artifacts/consumer-packages")
  echo "$output"
  # The app prints the version of the UserProfile it loaded: it must be this pack, not an older copy.
  grep -q "UserProfile $version" <<<"$output" || { echo "the app ran on another UserProfile than $version" >&2; exit 1; }
done
