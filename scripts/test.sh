#!/usr/bin/env bash
# `npm test`: installs what is missing, builds every preset one after the other
# (the machine has two cores) and runs every suite: native and native under
# ASan+UBSan, each on epoll and on io_uring, and the same tests compiled to
# WebAssembly under Node; the web
# page (unit tests, then Chromium end to end); then a short libFuzzer run of
# the network parsers (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
export NODE_PATH=/usr/share/nodejs
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1
failed=()
for preset in native native-asan wasm; do
  bash scripts/build.sh "$preset"
  echo "=== tests: $preset" >&2
  # Under ASan (and in the wasm console tests) every executor also traces,
  # and any lint of the runtime's (lost waker, long poll, self wake) fails
  # the test: none of our own futures may trip one (docs/TRACE_EVENTS.md).
  lint_check=0
  [[ $preset != native ]] && lint_check=1
  if [[ $preset == wasm ]]; then
    ASYNCPLAY_LINT_CHECK=$lint_check ctest --preset "$preset" -j2 || failed+=("$preset")
    continue
  fi
  # The native suites once on each I/O driver (src/io/io_driver.hpp).
  for io in epoll uring; do
    echo "=== tests: $preset on $io" >&2
    ASYNCPLAY_IO=$io ASYNCPLAY_LINT_CHECK=$lint_check ctest --preset "$preset" -j2 || failed+=("$preset/$io")
  done
done
# The page: its line editor and configuration under Node (against xterm.js's
# headless emulator), then the built site in Debian's Chromium against the
# native programs (tests/web/e2e).
echo "=== tests: web" >&2
if node scripts/build_site.mjs; then
  node --test tests/web/*.test.mjs || failed+=(web)
  node --test tests/web/e2e/*.test.mjs || failed+=(browser)
else
  failed+=(site)
fi
# The parsers that face the network (WebSocket frames, HTTP heads) under
# libFuzzer, 20 seconds each.
bash scripts/fuzz.sh || failed+=(fuzz)
if ((${#failed[@]})); then
  echo "test: FAILED in: ${failed[*]}" >&2
  exit 1
fi
echo "test: every suite passed (native, native-asan, wasm, web, browser) and fuzzing found nothing" >&2
