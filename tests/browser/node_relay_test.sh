#!/usr/bin/env bash
# Runs the wasm TcpStream tests under Node against a real relay: starts the
# native `asyncplay dev` on free ports, reads the addresses it prints, runs
# the test, stops it. Usage: node_relay_test.sh NATIVE_ASYNCPLAY TEST_JS
set -euo pipefail
native=$1
test_js=$2
[[ -x "$native" ]] || { echo "node_relay_test: $native is not built (build the native preset first)"; exit 1; }
log=$(mktemp)
"$native" dev --port 0 --chat-port 0 --http-port 0 --static "$(dirname "$0")" 2>"$log" &
dev=$!
trap 'kill $dev 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q '^open ' "$log" && break; kill -0 $dev || break; read -rt 0.05 <> <(:) || true; done
grep -q '^open ' "$log" || { cat "$log"; echo "node_relay_test: asyncplay dev did not start"; exit 1; }
relay=$(sed -n 's/^  relay *\(ws:[^ ]*\).*/\1/p' "$log")
export ASYNCPLAY_RELAY=$relay
export ASYNCPLAY_CHAT_PORT=$(sed -n 's/^  chat server *127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
export ASYNCPLAY_HTTP_PORT=$(sed -n 's/^  http endpoint *127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
cd "$(dirname "$0")/../.."  # so require('ws') finds node_modules
node --no-experimental-fetch "$test_js"
