#!/usr/bin/env bash
# The reliability soak: the server fuzzer with 1,000,000 cases (the unit run does 100,000), printing its counts.
#   bash tests/soak.sh [cases]
set -euo pipefail
cd "$(dirname "$0")/.."
export USERPROFILE_FUZZ_CASES="${1:-1000000}"
dotnet test tests/WeChatMiniProgram.UserProfile.Tests -c Release --filter "Category=Fuzz" --logger "console;verbosity=detailed" 2>&1 \
  | grep -E "fuzz:|succeeded|\(-4100|\(0\)|Passed|Failed" 
