#!/usr/bin/env bash
# What the project's error model costs in WebAssembly size: builds
# bench/wasm_size_probe.cpp with Debian's em++ three ways and prints .wasm and
# .js sizes, raw and gzipped:
#   wasm-eh     -fwasm-exceptions (smaller, but this Emscripten's Asyncify aborts on it)
#   js-eh       -sDISABLE_EXCEPTION_CATCHING=0 (emulated through JS: the page's, so
#               exceptions surface at JoinHandle; docs/ARCHITECTURE.md)
#   no-catch    Emscripten's default: try/catch compiled, any throw aborts
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
out=build/wasm-size
mkdir -p "$out/json-include"
ln -sfn /usr/include/nlohmann "$out/json-include/nlohmann"
# The runtime library as src/CMakeLists.txt builds it for the browser, and the chat's wire format.
sources=(bench/wasm_size_probe.cpp src/runtime/executor.cpp src/runtime/executor_watch.cpp
         src/runtime/trace/task_traces.cpp src/runtime/trace/trace_event.cpp src/runtime/park_driver.cpp
         src/runtime/time/timer_queue.cpp src/runtime/unobserved_failure.cpp src/runtime/detail/frame_pool.cpp
         src/chat/protocol.cpp)
common=(-std=c++20 -Os -Isrc -isystem "$out/json-include" -Wno-deprecated-experimental-coroutine)
printf '%-10s %10s %10s %10s %10s %12s\n' model wasm wasm.gz js js.gz runs
for model in wasm-eh js-eh no-catch; do
  case $model in
    wasm-eh) flags=(-fwasm-exceptions) ;;
    js-eh) flags=(-sDISABLE_EXCEPTION_CATCHING=0) ;;
    no-catch) flags=() ;;
  esac
  em++ "${common[@]}" "${flags[@]}" "${sources[@]}" -o "$out/$model.js" 2>"$out/$model.log" ||
    { echo "wasm_exceptions: em++ failed for $model (see $out/$model.log)" >&2; exit 1; }
  ran=$(node --no-experimental-fetch "$out/$model.js" 2>&1 | tail -1)
  printf '%-10s %10d %10d %10d %10d %12s\n' "$model" \
    "$(stat -c %s "$out/$model.wasm")" "$(gzip -9c "$out/$model.wasm" | wc -c)" \
    "$(stat -c %s "$out/$model.js")" "$(gzip -9c "$out/$model.js" | wc -c)" "printed:$ran"
done
