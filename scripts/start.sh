#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the programs and the page, and
# runs the local stack (asyncplay dev): the web page and the relay on http://127.0.0.1:8080/, the
# chat server on 127.0.0.1:7878 and an HTTP endpoint on 127.0.0.1:7879.
# Extra arguments go to `asyncplay dev` (e.g. npm start -- --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh native >&2
bash scripts/build_site.sh >&2  # the page: the runtime in wasm + xterm.js, into dist/
exec ./build/native/asyncplay dev "$@"
