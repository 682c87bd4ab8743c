#!/usr/bin/env bash
# Builds the Boost.Asio benchmark peer with one g++ command (no CMake: it uses
# nothing from asyncplay) into build/peers/asio/asio-peer, outside the source tree.
#   bash bench/peers/asio/build.sh
# Needs Debian 12's libboost-dev (Boost 1.74, headers only) and nlohmann-json3-dev.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$root/build/peers/asio"
cxx="${CXX:-g++}"

missing=()
[ -f /usr/include/boost/asio/awaitable.hpp ] || missing+=(libboost-dev)
[ -f /usr/include/nlohmann/json.hpp ] || missing+=(nlohmann-json3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "asio peer: missing headers; install them with: apt-get install ${missing[*]}" >&2
  exit 1
fi
command -v "$cxx" >/dev/null || { echo "asio peer: $cxx not found (apt-get install g++)" >&2; exit 1; }

mkdir -p "$out"
# nice: the machine's two cores are shared. -pthread: Asio's io_context uses a mutex.
set -x
# src/chat/rules.cpp: asyncplay's limits and reply texts, so both servers say the same.
nice "$cxx" -std=c++20 -O2 -DNDEBUG -Wall -Wextra -pthread -I"$here/../../../src" \
  -o "$out/asio-peer" "$here/asio_peer.cpp" "$here/../../../src/chat/rules.cpp"
