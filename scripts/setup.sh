#!/usr/bin/env bash
# Installs what asyncplay needs on Debian 12, from Debian's and npm's registries
# only. As root it runs apt-get; otherwise it prints the exact command and stops.
# Quick no-op when everything is present. Usage: scripts/setup.sh [--browser] [--peers]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ clang libclang-rt-14-dev emscripten googletest libgtest-dev
          libbenchmark-dev nlohmann-json3-dev libssl-dev openssl libhiredis-dev liburing-dev redis-server pkg-config
          python3 python3-websockets)
# The browser tests: Debian's Chromium, and websockify as a relay nobody here wrote.
[[ " $* " == *" --browser "* ]] && packages+=(chromium websockify)
# The benchmark peers (npm run bench): Rust's tokio and async-std from Debian's
# packaged crates, built offline; Boost.Asio; util-linux's taskset for pinning;
# strace to count the servers' system calls.
[[ " $* " == *" --peers "* ]] && packages+=(cargo rustc librust-tokio-dev librust-async-std-dev librust-serde-json-dev
                                            librust-serde-derive-dev libboost-dev util-linux strace)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing ${missing[*]}" >&2
    bash -c "$cmd" >&2
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run as root:  sudo bash -c '$cmd'" >&2
    exit 1
  fi
fi

# npm packages (the web page, browser tests) come from package-lock.json.
if [[ -f package-lock.json && ! -f node_modules/.package-lock.json ]] ||
   [[ -f package-lock.json && package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >&2
fi
