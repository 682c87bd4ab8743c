#!/usr/bin/env bash
# `npm test`: installs what is missing, builds every preset one after the other
# (the machine has two cores) and runs every suite: native, native under
# ASan+UBSan, and the same tests compiled to WebAssembly under Node; then a
# short libFuzzer run of the network parsers (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NODE_PATH=/usr/share/nodejs
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
failed=()
for preset in native native-asan wasm; do
  bash scripts/build.sh "$preset"
  echo "=== tests: $preset" >&2
  ctest --preset "$preset" -j2 || failed+=("$preset")
done
# The parsers that face the network (WebSocket frames, HTTP heads) under
# libFuzzer, 20 seconds each.
bash scripts/fuzz.sh || failed+=(fuzz)
if ((${#failed[@]})); then
  echo "test: FAILED in: ${failed[*]}" >&2
  exit 1
fi
echo "test: every suite passed (native, native-asan, wasm) and fuzzing found nothing" >&2
