#!/usr/bin/env bash
# Builds the `fuzz` preset (clang, libFuzzer, ASan + UBSan) and runs each fuzz
# target for a bounded time, starting from its committed seed corpus. The
# corpus it grows lives in build/fuzz/corpus/ (the committed one stays as it
# is). Fails if a target finds a crash, a leak or a broken check; the input
# that did it is saved in build/fuzz/artifacts/.
# Usage: scripts/fuzz.sh [seconds per target, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
targets=(ws_receiver_fuzz http_request_fuzz)

[[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz >/dev/null
echo "build: fuzz" >&2
cmake --build --preset fuzz

failed=()
for target in "${targets[@]}"; do
  work=build/fuzz/corpus/$target
  artifacts=build/fuzz/artifacts/$target/
  mkdir -p "$work" "$artifacts"
  cp -n tests/fuzz/corpus/"$target"/* "$work"/  # the seeds, on top of what earlier runs found
  dict=()
  [[ -f tests/fuzz/${target%_fuzz}.dict ]] && dict=(-dict="tests/fuzz/${target%_fuzz}.dict")
  echo "=== fuzz: $target for ${seconds}s" >&2
  # -print_final_stats: the number of runs; -close_fd_mask=1: the targets print nothing useful on stdout.
  if ! "build/fuzz/tests/fuzz/$target" "$work" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb=2048 \
       -timeout=10 -artifact_prefix="$artifacts" -print_final_stats=1 -close_fd_mask=1 2>build/fuzz/$target.log; then
    tail -n 40 "build/fuzz/$target.log" >&2
    failed+=("$target")
    continue
  fi
  grep -E '^(Done|stat::(number_of_executed_units|new_units_added|peak_rss_mb))' "build/fuzz/$target.log" >&2 || true
done

if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (inputs in build/fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzz: no crash in ${targets[*]}" >&2
