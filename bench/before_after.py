#!/usr/bin/env python3
"""bench/before_after.py: this tree against an earlier commit, in one run.

Builds the `bench` preset of BASE (a git worktree in build/base-src, built in
its own build/bench there) and of this tree, then alternates the two on the
same measurements, in the opposite order every repetition, so the VM's drift
hits both alike. Prints medians, each side's spread and the ratio head/base:
  spawn+join batch and one at a time (ns/task), wake->poll (ns/hop), yield
  (ns/yield): runtime_bench, CPU time;
  chat fan-out 1 group x 1000 x 1000 (deliveries/s): the chat server of each
  side on CPU 0, the same chat_load (this tree's) on CPU 1.
Usage: python3 bench/before_after.py --base REV [--reps N]
"""
import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GBENCH = [
    ("spawn+join, batch (ns/task)", "BM_SpawnJoinBatch/tracer_off", "per_task"),
    ("spawn+join, one at a time (ns/task)", "BM_SpawnJoinOneAtATime", "per_task"),
    ("wake -> poll (ns/hop)", "BM_WakePingPong", "per_hop"),
    ("yield_now (ns/yield)", "BM_YieldNow", "per_yield"),
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def build(src):
    if not os.path.exists(os.path.join(src, "build/bench/build.ninja")):
        run(["cmake", "--preset", "bench"], cwd=src)
    subprocess.run(["cmake", "--build", "--preset", "bench", "-j2"], cwd=src, check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(src, "build/bench")


def pin(cpu):
    return ["taskset", "-c", str(cpu)] if os.cpu_count() >= 2 and subprocess.call(
        ["which", "taskset"], stdout=subprocess.DEVNULL) == 0 else []


def gbench(bindir, name, counter):
    out = run(pin(0) + [os.path.join(bindir, "runtime_bench"), f"--benchmark_filter=^{re.escape(name)}$",
                        "--benchmark_format=json", "--benchmark_min_warmup_time=0.2"])
    data = json.loads(out)["benchmarks"][0]
    return data[counter] * 1e9  # seconds per item -> ns


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fanout(bindir, chat_load):
    port = free_port()
    server = subprocess.Popen(pin(0) + [os.path.join(bindir, "asyncplay"), "chat-server", "--listen",
                                        f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    try:
        first = server.stderr.readline()
        if "listening on" not in first:
            sys.exit(f"before_after: the server did not start: {first}")
        # The rest of its log must keep flowing, or the server blocks writing it.
        drain = subprocess.Popen(["cat"], stdin=server.stderr, stdout=subprocess.DEVNULL)
        run(pin(1) + [chat_load, "probe", "--port", str(port)])
        line = run(pin(1) + [chat_load, "fanout", "--port", str(port), "--receivers", "1000", "--messages", "1000"])
        return float(re.search(r"deliveries_per_s=([0-9.]+)", line).group(1))
    finally:
        server.terminate()
        server.wait()
        drain.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--no-fanout", action="store_true", help="the runtime rows only (quicker)")
    args = parser.parse_args()
    base_src = os.path.join(ROOT, "build/base-src")
    if os.path.exists(base_src):
        run(["git", "-C", base_src, "checkout", "-q", "--detach", args.base])
    else:
        run(["git", "-C", ROOT, "worktree", "add", "-q", "--detach", base_src, args.base])
    sides = {"base": build(base_src), "head": build(ROOT)}
    chat_load = os.path.join(sides["head"], "chat_load")
    rows = [(label, lambda d, n=name, c=counter: gbench(d, n, c), False) for label, name, counter in GBENCH]
    if not args.no_fanout:
        rows.append(("chat fan-out 1000 x 1000 (deliveries/s)", lambda d: fanout(d, chat_load), True))
    results = {label: {"base": [], "head": []} for label, _, _ in rows}
    for rep in range(args.reps):
        order = ["base", "head"] if rep % 2 == 0 else ["head", "base"]
        for label, measure, _ in rows:
            for side in order:
                results[label][side].append(measure(sides[side]))
        print(f"before_after: repetition {rep + 1}/{args.reps} done", file=sys.stderr)
    base_rev = run(["git", "-C", base_src, "rev-parse", "--short", "HEAD"]).strip()
    print(f"| measurement | base {base_rev} median (min-max) | head median (min-max) | head / base |")
    print("|---|---|---|---|")
    for label, _, higher_better in rows:
        b, h = results[label]["base"], results[label]["head"]
        fmt = "{:,.0f}" if higher_better else "{:.1f}"
        cell = lambda v: f"{fmt.format(statistics.median(v))} ({fmt.format(min(v))}-{fmt.format(max(v))})"
        print(f"| {label} | {cell(b)} | {cell(h)} | {statistics.median(h) / statistics.median(b):.2f} |")


if __name__ == "__main__":
    main()
