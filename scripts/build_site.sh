#!/usr/bin/env bash
# `npm run build`: the static site in dist/ (or the folder given): the runtime
# compiled to WebAssembly plus the page bundled by esbuild. Host dist/ anywhere;
# README.md says how to point it at a relay.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NODE_PATH=/usr/share/nodejs  # Debian's emcc finds acorn there
[[ -f build/wasm/build.ninja ]] || cmake --preset wasm >/dev/null
echo "build: the page's runtime and the in-browser host (wasm)" >&2
cmake --build --preset wasm --target asyncplay_web asyncplay_host
node scripts/build_site.mjs "$@"
