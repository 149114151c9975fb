#!/usr/bin/env sh
# Issue 8: `juso --help` must stay within 3x of a bare `node -e 0`, measured in the same run
# (farm-bench alternates the two commands and reports the ratio pair by pair; quote the median).
set -eu
cd "$(dirname "$0")/.."
if ! command -v farm-bench >/dev/null 2>&1; then
  echo "bench skipped: farm-bench is not on PATH"
  exit 0
fi
farm-bench -n 20 --vs "node -e 0" -- node bin/juso.mjs --help
farm-bench -n 10 --vs "node -e 0" -- node bin/juso.mjs reprot
