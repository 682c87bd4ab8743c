#!/usr/bin/env bash
# Configures (once) and builds the given CMake presets: native, native-asan, wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs  # Debian's emcc finds acorn there
for preset in "$@"; do
  dir="build/$preset"
  [[ -f "$dir/build.ninja" ]] || cmake --preset "$preset" >/dev/null
  echo "build: $preset" >&2
  cmake --build --preset "$preset"
done
