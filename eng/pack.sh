#!/usr/bin/env bash
# Packs WeChatMiniProgram.UserProfile and its .AspNetCore, .Emulator and .Tool packages from this clone, with a version
# no earlier pack has: <VersionPrefix>-local.<UTC yyyyMMddHHmmss>. So the NuGet global packages folder can never hand
# a project an older copy of "the same" version. The version is printed on standard output, the rest on standard error:
#
#   version=$(bash eng/pack.sh)            # into artifacts/feed
#   version=$(bash eng/pack.sh DIR)        # into DIR
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
feed=$(mkdir -p "${1:-$repo/artifacts/feed}" && cd "${1:-$repo/artifacts/feed}" && pwd)
prefix=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$repo/Directory.Build.props")
suffix="local.$(date -u +%Y%m%d%H%M%S)"
for project in WeChatMiniProgram.UserProfile WeChatMiniProgram.UserProfile.AspNetCore WeChatMiniProgram.UserProfile.Emulator WeChatMiniProgram.UserProfile.Tool; do
  dotnet pack "$repo/src/$project" -c Release -o "$feed" -p:VersionSuffix="$suffix" -v quiet -nologo >&2
done
echo "packed $prefix-$suffix into $feed" >&2
echo "$prefix-$suffix"
