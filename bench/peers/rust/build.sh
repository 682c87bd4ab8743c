#!/usr/bin/env bash
# Builds the Rust peers, peer-tokio and peer-async-std, offline with Debian's
# toolchain and packaged crates (see .cargo/config.toml), into
# build/peers/rust/release/ at the repository's root:
#   bash bench/peers/rust/build.sh            # -j1 (two shared cores)
#   JOBS=2 bash bench/peers/rust/build.sh
#   bash bench/peers/rust/build.sh test       # also runs the shared crate's tests
# Debian's /usr/bin/cargo and /usr/bin/rustc on purpose: a rustup toolchain in
# ~/.cargo/bin would want crates.io and a newer lock file format.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
target="$root/build/peers/rust"
registry=/usr/share/cargo/registry
packages="cargo rustc librust-tokio-dev librust-async-std-dev librust-serde-json-dev librust-serde-derive-dev"

missing=()
[[ -x /usr/bin/cargo ]] || missing+=(/usr/bin/cargo)
[[ -x /usr/bin/rustc ]] || missing+=(/usr/bin/rustc)
for crate in tokio-1.24 async-std-1.12 serde_json-1 serde_derive-1 serde-1; do
  compgen -G "$registry/$crate*" >/dev/null || missing+=("$registry/$crate*")
done
if ((${#missing[@]})); then
  echo "build.sh: missing ${missing[*]}" >&2
  echo "build.sh: install Debian's packages: apt-get install $packages" >&2
  exit 1
fi

cd "$here"  # .cargo/config.toml (the Debian registry, offline) applies from here
export RUSTC=/usr/bin/rustc
# One package per cargo invocation: features are then resolved per binary, so
# peer-async-std gets tokio with only "sync" (the broadcast channel).
for package in peer-tokio peer-async-std; do
  /usr/bin/cargo build --release --locked --offline -j "${JOBS:-1}" --target-dir "$target" -p "$package"
done
echo "built $target/release/peer-tokio and $target/release/peer-async-std"
if [[ "${1:-}" == test ]]; then
  RUSTDOC=/usr/bin/rustdoc /usr/bin/cargo test --locked --offline -j "${JOBS:-1}" --target-dir "$target" -p peer-common
fi
