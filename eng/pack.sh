#!/usr/bin/env bash
# Packs WeChatMiniProgram.UserProfile and its .AspNetCore, .Redis, .PostgreSql, .Emulator and .Tool packages from this clone. A plain
# 'dotnet pack' already gives each commit a prerelease version of its own (MinVer, from git); this script adds the UTC
# time to it, so packs of uncommitted work never share a version either, and the NuGet global packages folder can never
# hand a project an older copy of "the same" version. The version is printed on standard output, the rest on stderr:
#
#   version=$(bash eng/pack.sh)            # into artifacts/feed
#   version=$(bash eng/pack.sh DIR)        # into DIR
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
feed=$(mkdir -p "${1:-$repo/artifacts/feed}" && cd "${1:-$repo/artifacts/feed}" && pwd)
stamp="local.$(date -u +%Y%m%d%H%M%S)"
for project in WeChatMiniProgram.UserProfile WeChatMiniProgram.UserProfile.AspNetCore WeChatMiniProgram.UserProfile.Redis WeChatMiniProgram.UserProfile.PostgreSql WeChatMiniProgram.UserProfile.Emulator WeChatMiniProgram.UserProfile.Tool; do
  dotnet pack "$repo/src/$project" -c Release -o "$feed" -p:MinVerDefaultPreReleaseIdentifiers="$stamp" -v quiet -nologo >&2
done
package=$(ls "$feed"/WeChatMiniProgram.UserProfile.[0-9]*"-$stamp"*.nupkg | head -1)
version=${package##*/WeChatMiniProgram.UserProfile.}
version=${version%.nupkg}
echo "packed $version into $feed" >&2
echo "$version"
