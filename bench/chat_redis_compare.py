#!/usr/bin/env python3
"""bench/chat_redis_compare.py: the chat server alone vs with --redis vs two
servers over one Redis, side by side in one run (section `redis` of
bench/run; figures and how to read them: bench/README.md, "Chat over Redis").

Kinds, each with a fresh server (or two) per measurement, Redis started once:
  alone    one `asyncplay chat-server`, members and poster on it
  redis1   one server with --redis: every post also goes to Redis and back
  redis2   two servers with --redis, members split between them (connection i
           on server i mod 2), posters on the first: half the deliveries
           cross Redis
Measurements (bench/chat_load):
  fanout_1000x1000   1 group, 1000 members, 1000 messages, paced (window 256)
  groups_10x10x10    10 groups x 10 members x 10 posters x 1000 messages
  latency            10 members, 2000 posts at 1000/s, post -> delivery p50/p99;
                     for redis2 the members are all on the second server, so
                     every delivery crosses Redis
Servers and Redis run on CPU 0, chat_load on CPU 1 (taskset), so `redis2`
shows what Redis costs on the same core, not what a second core would add.
CPU time (user + system, /proc) of the servers and of redis-server per
delivery is recorded. Kinds take turns in an order rotated each repetition.
Usage: bench/chat_redis_compare.py [--reps 5]
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "build", "bench")
ASYNCPLAY = os.path.join(BENCH, "asyncplay")
CHAT_LOAD = os.path.join(BENCH, "chat_load")
RESULTS = os.path.join(BENCH, "results")
TICK = os.sysconf("SC_CLK_TCK")
PINNED = shutil.which("taskset") is not None and os.cpu_count() >= 2
SERVER_PIN = ["taskset", "-c", "0"] if PINNED else []
LOAD_PIN = ["taskset", "-c", "1"] if PINNED else []

MEASUREMENTS = [
    ("fanout_1000x1000", ["fanout", "--receivers", "1000", "--messages", "1000"]),
    ("groups_10x10x10", ["groups", "--groups", "10", "--members", "10", "--posters", "10", "--messages", "1000"]),
    ("latency", ["latency", "--receivers", "10", "--messages", "2000", "--rate", "1000"]),
]
KINDS = ["alone", "redis1", "redis2"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICK  # utime + stime


def start_redis():
    port = free_port()
    proc = subprocess.Popen(SERVER_PIN + ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                          "--appendonly", "no", "--loglevel", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True).stdout == "PONG\n":
            return proc, port
    raise RuntimeError("redis-server did not answer")


def start_server(redis_port):
    args = SERVER_PIN + [ASYNCPLAY, "chat-server", "--listen", "127.0.0.1:0"]
    if redis_port:
        args += ["--redis", f"redis://127.0.0.1:{redis_port}"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
    if not m:
        raise RuntimeError(f"chat-server did not start: {line}")
    # The rest of its log must keep flowing (one line per connection).
    subprocess.Popen(["cat"], stdin=proc.stderr, stdout=subprocess.DEVNULL)
    return proc, int(m.group(1))


def measure(kind, name, args, redis_proc, redis_port):
    servers = [start_server(redis_port if kind != "alone" else 0) for _ in range(2 if kind == "redis2" else 1)]
    ports = [port for _, port in servers]
    where = ["--port", str(ports[0])]
    if kind == "redis2":
        members = ports[1:] if name == "latency" else ports
        where = ["--ports", ",".join(map(str, members)), "--poster-port", str(ports[0])]
    if kind != "alone":
        where += ["--redis-port", str(redis_port)]
    before = [cpu_ms(p.pid) for p, _ in servers] + [cpu_ms(redis_proc.pid)]
    run = subprocess.run(LOAD_PIN + [CHAT_LOAD] + args + where, capture_output=True, text=True, timeout=300)
    after = [cpu_ms(p.pid) for p, _ in servers] + [cpu_ms(redis_proc.pid)]
    for p, _ in servers:
        p.terminate()
        p.wait()
    if run.returncode != 0:
        raise RuntimeError(f"chat_load {name} ({kind}): {run.stderr.strip()}")
    fields = dict(f.split("=", 1) for f in run.stdout.split() if "=" in f)
    fields["server_cpu_ms"] = sum(a - b for a, b in zip(after[:-1], before[:-1]))
    fields["redis_cpu_ms"] = after[-1] - before[-1]
    return fields


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    options = parser.parse_args()
    for binary in (ASYNCPLAY, CHAT_LOAD):
        if not os.access(binary, os.X_OK):
            sys.exit(f"chat_redis_compare: {binary} missing: run bash bench/run redis")
    os.makedirs(RESULTS, exist_ok=True)
    redis_proc, redis_port = start_redis()
    runs = {}
    started = time.time()
    raw = open(os.path.join(RESULTS, "chat_redis.txt"), "w")
    try:
        for rep in range(options.reps):
            order = KINDS[rep % len(KINDS):] + KINDS[:rep % len(KINDS)]
            for name, args in MEASUREMENTS:
                for kind in order:
                    fields = measure(kind, name, args, redis_proc, redis_port)
                    runs.setdefault((name, kind), []).append(fields)
                    line = f"kind={kind} measurement={name} " + " ".join(f"{k}={v}" for k, v in fields.items())
                    print(line, file=sys.stderr)
                    print(line, file=raw)
    finally:
        redis_proc.terminate()
        redis_proc.wait()
        raw.close()
    redis_version = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2]

    def cell(name, kind, key, fmt):
        values = [float(r[key]) for r in runs.get((name, kind), []) if key in r]
        if not values:
            return "–", None
        m = statistics.median(values)
        return f"{fmt(m)} ({fmt(min(values))}–{fmt(max(values))})", m

    def per_delivery(name, kind, key):
        values = [float(r[key]) * 1000 / float(r["deliveries"] if "deliveries" in r else r["samples"])
                  for r in runs.get((name, kind), [])]
        m = statistics.median(values)
        return f"{m:.2f} µs", m

    rate = lambda x: f"{x / 1e6:.2f}M/s"
    us = lambda x: f"{x:,.0f} µs"
    rows = [
        ("fan-out 1 × 1000 × 1000: deliveries/s", "fanout_1000x1000", "deliveries_per_s", rate),
        ("10 groups × 10 × 10 posters: deliveries/s", "groups_10x10x10", "deliveries_per_s", rate),
        ("latency, post → delivery, p50", "latency", "p50_us", us),
        ("latency, post → delivery, p99", "latency", "p99_us", us),
    ]
    print(f"\nchat over Redis {redis_version}: one server alone, one with --redis, two over one Redis; median of "
          f"{options.reps} (min–max); servers and Redis on CPU 0, load on CPU 1: {'yes' if PINNED else 'no'}; "
          f"{time.time() - started:.0f} s\n")
    print("| measurement | alone | one server, --redis | two servers over Redis | --redis ÷ alone | two ÷ alone |")
    print("|---|---|---|---|---|---|")
    for title, name, key, fmt in rows:
        cells = {k: cell(name, k, key, fmt) for k in KINDS}
        ratio = lambda k: f"{cells[k][1] / cells['alone'][1]:.2f}×" if cells[k][1] and cells["alone"][1] else "–"
        print(f"| {title} | {cells['alone'][0]} | {cells['redis1'][0]} | {cells['redis2'][0]} | "
              f"{ratio('redis1')} | {ratio('redis2')} |")
    for name in ("fanout_1000x1000", "groups_10x10x10"):
        for key, who in (("server_cpu_ms", "chat servers"), ("redis_cpu_ms", "redis-server")):
            cells = {k: per_delivery(name, k, key) for k in KINDS}
            print(f"| CPU of the {who} per delivery, {name} | {cells['alone'][0]} | {cells['redis1'][0]} | "
                  f"{cells['redis2'][0]} | | |")


if __name__ == "__main__":
    main()
