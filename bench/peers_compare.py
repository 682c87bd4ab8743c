#!/usr/bin/env python3
"""bench/peers_compare.py: our runtime against the ones people would pick
instead, in one run on one machine (the `peers` section of bench/run).

  runtimes   ours (bench/peers/ours), tokio 1.24 current_thread and async-std
             1.12 (bench/peers/rust): spawn + join of 1M no-op tasks (batch,
             one at a time), memory per parked task (1M, a fresh process each)
  servers    chat: ours async (on epoll, and on io_uring: ours-uring), ours
             threads, tokio, async-std, Boost.Asio; echo: ours (both drivers),
             tokio, async-std, Asio. Each measurement gets a fresh
             server on a free loopback port, pinned to CPU 0 while the load
             generator (bench/chat_load, bench/relay_load: the same client for
             every server) runs on CPU 1. Every server sets TCP_NODELAY.
  measured   idle: server VmRSS growth over 10,000 connections that joined a
             group (kernel stacks of the threads model apart); fan-out to 1000
             members (1000 messages or more), to 100 (10,000 or more) and 10
             groups × 10 members × 10 posters (1000 each or more):
             deliveries/s and the server's and the load's CPU time per
             delivery, from the first post to the last delivery (the members'
             set-up and teardown left out), drops reported. Each contender's
             messages are scaled so that its runs last about a second (see
             RUN_S); echo: 64-byte ping-pong on 1 and 50 connections (round
             trips/s, p50/p99), 64 KiB streaming (MB/s); syscalls: the
             server's system calls per delivery and per round trip, counted
             by strace in a run of its own (for the fan-out, over its posting
             phase). The server's CPU time is the scheduler's, in nanoseconds,
             where the same threads lived before and after the load, else
             utime + stime.

Every measurement is repeated --reps times (5), the order of the contenders
rotated each time so that the machine's drift falls on all of them. The table
shows medians and ours ÷ peer (higher is better for ours except where a row
says "lower is better"), then ours on io_uring ÷ ours on epoll and ÷ the best
of tokio, async-std and Asio. Raw key=value lines: build/bench/results/peers_compare.txt.
Usage: python3 bench/peers_compare.py [--reps N] [--only spawn,parked,idle,fanout,echo,syscalls]
                                      [--contenders ours,ours-uring,threads,tokio,async-std,asio]
"""
import argparse
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "build/bench")
RESULTS = os.path.join(BENCH, "results")
RUST = os.path.join(ROOT, "build/peers/rust/release")
ASIO = os.path.join(ROOT, "build/peers/asio/asio-peer")

RUNTIMES = {
    "ours": [os.path.join(BENCH, "ours-peer")],
    "tokio": [os.path.join(RUST, "peer-tokio")],
    "async-std": [os.path.join(RUST, "peer-async-std")],
}
CHAT_SERVERS = {
    "ours": [os.path.join(BENCH, "asyncplay"), "chat-server", "--model", "async"],
    "ours-uring": [os.path.join(BENCH, "asyncplay"), "chat-server", "--model", "async"],
    "threads": [os.path.join(BENCH, "asyncplay"), "chat-server", "--model", "threads"],
    "tokio": [os.path.join(RUST, "peer-tokio"), "chat"],
    "async-std": [os.path.join(RUST, "peer-async-std"), "chat"],
    "asio": [ASIO, "chat"],
}
ECHO_SERVERS = {
    "ours": [os.path.join(BENCH, "relay_load"), "echo"],
    "ours-uring": [os.path.join(BENCH, "relay_load"), "echo"],
    "tokio": [os.path.join(RUST, "peer-tokio"), "echo"],
    "async-std": [os.path.join(RUST, "peer-async-std"), "echo"],
    "asio": [ASIO, "echo"],
}
CHAT_LOAD = os.path.join(BENCH, "chat_load")
RELAY_LOAD = os.path.join(BENCH, "relay_load")
IDLE_CONNECTIONS = 10_000
TASKS = 1_000_000

PINNED = shutil.which("taskset") is not None and os.cpu_count() >= 2
SERVER_PIN = ["taskset", "-c", "0"] if PINNED else []
LOAD_PIN = ["taskset", "-c", "1"] if PINNED else []
CLK_TCK = os.sysconf("SC_CLK_TCK")


def fields(line):
    return dict(f.split("=", 1) for f in line.split() if "=" in f)


def rotate(names, rep):
    k = rep % len(names)
    return names[k:] + names[:k]


# Ours on each I/O driver (src/io/io_driver.hpp): the same programs, told by
# ASYNCPLAY_IO; the io_uring column stays empty where the kernel refuses it.
SERVER_ENV = {"ours": {"ASYNCPLAY_IO": "epoll"}, "ours-uring": {"ASYNCPLAY_IO": "uring"}}


def uring_allowed():
    probe = subprocess.run([os.path.join(BENCH, "asyncplay"), "run", "sleep(1ms)", "--io", "uring"],
                           capture_output=True, text=True)
    return probe.returncode == 0 and "not available" not in probe.stderr


class Server:
    """A server on a free loopback port; it says 'listening on 127.0.0.1:PORT' on stderr."""

    def __init__(self, command, who=None):
        env = dict(os.environ, **SERVER_ENV.get(who, {}))
        self.proc = subprocess.Popen(SERVER_PIN + command + ["--listen", "127.0.0.1:0"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, env=env)
        self.port = None
        deadline = time.monotonic() + 15
        first = ""
        while time.monotonic() < deadline:
            first = self.proc.stderr.readline()
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", first)
            if m:
                self.port = int(m.group(1))
                break
            if not first and self.proc.poll() is not None:
                break
        if self.port is None:
            self.stop()
            raise RuntimeError(f"{command[0]} did not start: {first.strip()}")
        # Keep reading its log so that it never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()

    def status(self, key):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        raise KeyError(key)

    def cpu_sample(self):
        """The server's CPU time so far, two ways: utime + stime (every thread
        the process ever had, in 10 ms units) and, per live thread, the
        scheduler's run time in nanoseconds (/proc/PID/task/TID/schedstat)."""
        with open(f"/proc/{self.proc.pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        ticks = (int(parts[11]) + int(parts[12])) / CLK_TCK
        threads = {}
        for tid in os.listdir(f"/proc/{self.proc.pid}/task"):
            try:
                with open(f"/proc/{self.proc.pid}/task/{tid}/schedstat") as f:
                    threads[tid] = int(f.read().split()[0])
            except (FileNotFoundError, ProcessLookupError):
                pass  # the thread ended meanwhile: the ticks count it
        return ticks, threads

    def cpu_since(self, sample):
        """Seconds of CPU since `sample`: in nanoseconds where the same threads
        lived at both ends (a fan-out run is 0.1 s, ten ticks), else in ticks
        (the threads model's connection threads end with the load)."""
        ticks0, threads0 = sample
        ticks1, threads1 = self.cpu_sample()
        if threads0 and threads0.keys() == threads1.keys():
            return sum(threads1[t] - threads0[t] for t in threads1) / 1e9
        return ticks1 - ticks0

    def stop(self):
        self.proc.kill()
        self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def run_load(command, timeout=300):
    out = subprocess.run(LOAD_PIN + command, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {out.stderr.strip()}")
    return out.stdout.strip().splitlines()[-1]


def timed_load(command):
    """run_load, and how busy the load generator was: its CPU time (user +
    system, from the kernel's accounting of the child) over its run time. Near
    1 the load, not the server, decides the throughput: every contender is
    then held to the same ceiling."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    line = run_load(command)
    after, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic() - started
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return line, {"load_cpu_s": f"{cpu:.3f}", "load_busy": f"{cpu / max(wall, 1e-9):.3f}", "load_wall_s": f"{wall:.3f}"}


class Recorder:
    def __init__(self, path):
        self.rows = []
        self.file = open(path, "w")

    def add(self, who, kind, line, **extra):
        f = fields(line)
        f.update({k: str(v) for k, v in extra.items()})
        f["who"], f["kind"] = who, kind
        self.rows.append(f)
        text = " ".join(f"{k}={v}" for k, v in f.items())
        self.file.write(text + "\n")
        self.file.flush()
        print(text, file=sys.stderr)

    def values(self, kind, who, key):
        return [float(r[key]) for r in self.rows if r["kind"] == kind and r["who"] == who and key in r]


def measure_spawn(rec, reps):
    names = [n for n in RUNTIMES if os.access(RUNTIMES[n][0], os.X_OK)]
    for rep in range(reps):
        for mode in ("batch", "each"):
            for who in rotate(names, rep):
                line = run_load(RUNTIMES[who] + ["spawn", "--tasks", str(TASKS), "--mode", mode, "--runs", "3"])
                rec.add(who, f"spawn_{mode}", line)


def measure_parked(rec, reps):
    names = [n for n in RUNTIMES if os.access(RUNTIMES[n][0], os.X_OK)]
    for rep in range(reps):
        for who in rotate(names, rep):
            rec.add(who, "parked", run_load(RUNTIMES[who] + ["parked", "--tasks", str(TASKS)]))


def measure_idle(rec, who):
    with Server(CHAT_SERVERS[who], who) as server:
        run_load([CHAT_LOAD, "probe", "--port", str(server.port)])
        rss0, threads0 = server.status("VmRSS"), server.status("Threads")
        load = subprocess.Popen(LOAD_PIN + [CHAT_LOAD, "idle", "--port", str(server.port), "--connections",
                                            str(IDLE_CONNECTIONS), "--hold", "120"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready = load.stdout.readline()  # "idle ..." once every connection joined and synced
        if not ready.startswith("idle"):
            load.kill()
            raise RuntimeError(f"chat_load idle against {who}: {load.stderr.read().strip()}")
        rss1, threads1 = server.status("VmRSS"), server.status("Threads")
        load.stdin.close()  # lets chat_load go
        load.wait(timeout=60)
    rec.add(who, "idle", ready, rss_before_kib=rss0, rss_after_kib=rss1, threads_after=threads1,
            bytes_per_connection=(rss1 - rss0) * 1024 // IDLE_CONNECTIONS,
            kernel_stack_bytes_per_connection=(threads1 - threads0) * 16384 // IDLE_CONNECTIONS)


def phased_load(server, command, traced_to=None):
    """Runs a chat_load fan-out or groups load with --phases stdin and reads
    the server's CPU time at the first post and at the last delivery, so that
    the members' set-up and teardown (40% of the server's time in a 1000 × 1000
    fan-out) stay out of it. With `traced_to`, strace counts the server's
    system calls over the same phase into that file. Returns (the load's last
    line, the server's CPU seconds over the phase)."""
    load = subprocess.Popen(LOAD_PIN + command + ["--phases", "stdin"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def reach(phase):
        line = load.stdout.readline().strip()
        if line != f"phase={phase}":
            load.kill()
            _, err = load.communicate()
            raise RuntimeError(f"{' '.join(command)}: wanted phase={phase}, got '{line}': {err.strip()}")

    def go():
        load.stdin.write("go\n")
        load.stdin.flush()

    reach("posting")
    tracer = strace_attach(server, traced_to) if traced_to else None
    cpu0 = server.cpu_sample()
    go()
    reach("posted")
    cpu = server.cpu_since(cpu0)
    if tracer:
        strace_detach(tracer)
    go()
    out, err = load.communicate(timeout=60)
    if load.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {err.strip()}")
    return out.strip().splitlines()[-1], cpu


def with_messages(case, scale):
    """The case with --messages multiplied by `scale`."""
    at = case.index("--messages") + 1
    return case[:at] + [str(int(case[at]) * scale)] + case[at + 1:]


# A fan-out run of the fast servers lasts 0.06-0.12 s with the cases' base
# message counts, and one hiccup of this VM moves such a run by a third. Each
# contender's runs are made about RUN_S long from a first run that is not
# recorded (a warm-up too), with at most MAX_SCALE times the base messages:
# the slow contenders' runs are long enough as they are.
RUN_S = 1.0
MAX_SCALE = 20


def chat_scale(who, case):
    with Server(CHAT_SERVERS[who], who) as server:
        run_load([CHAT_LOAD, "probe", "--port", str(server.port)])
        line, _ = phased_load(server, [CHAT_LOAD] + case + ["--port", str(server.port)])
    elapsed = float(fields(line)["elapsed_s"])
    return max(1, min(MAX_SCALE, round(RUN_S / max(elapsed, 1e-6))))


def measure_chat(rec, who, kind, args):
    with Server(CHAT_SERVERS[who], who) as server:
        run_load([CHAT_LOAD, "probe", "--port", str(server.port)])
        line, cpu = phased_load(server, [CHAT_LOAD] + args + ["--port", str(server.port)])
    f = fields(line)
    deliveries = float(f.get("deliveries", 0)) or 1
    elapsed = max(float(f["elapsed_s"]), 1e-9)
    load_cpu = float(f["load_cpu_s"])
    rec.add(who, kind, line, server_cpu_s=f"{cpu:.4f}", server_cpu_ns_per_delivery=f"{cpu * 1e9 / deliveries:.1f}",
            load_cpu_ns_per_delivery=f"{load_cpu * 1e9 / deliveries:.1f}", server_busy=f"{cpu / elapsed:.3f}",
            load_busy=f"{load_cpu / elapsed:.3f}")


def measure_echo(rec, who, kind, args):
    with Server(ECHO_SERVERS[who], who) as server:
        target = f"127.0.0.1:{server.port}"
        run_load([RELAY_LOAD, "probe", "--tcp", target])
        cpu0 = server.cpu_sample()
        line, load = timed_load([RELAY_LOAD] + args + ["--tcp", target])
        cpu = server.cpu_since(cpu0)
    # The server's own CPU time (user + system, the kernel's TCP work included)
    # per unit of work over the whole run: steadier than throughput, which one
    # connection's wake-up latency on this VM decides.
    f = fields(line)
    extra = {"server_cpu_s": f"{cpu:.3f}", "server_busy": f"{cpu / max(float(load['load_wall_s']), 1e-9):.3f}", **load}
    if "all_round_trips" in f:
        extra["load_cpu_us_per_round_trip"] = f"{float(load['load_cpu_s']) * 1e6 / max(float(f['all_round_trips']), 1):.2f}"
        extra["server_cpu_us_per_round_trip"] = f"{cpu * 1e6 / max(float(f['all_round_trips']), 1):.2f}"
    if "sent" in f:
        extra["server_cpu_us_per_mb"] = f"{cpu * 1e6 / max(float(f['sent']) / 1e6, 1e-9):.1f}"
    rec.add(who, kind, line, **extra)


def strace_attach(server, out):
    """strace -c on every thread of the server, counting into `out`."""
    tids = sorted(os.listdir(f"/proc/{server.proc.pid}/task"))
    tracer = subprocess.Popen(["strace", "-c", "-f", "-o", out] + sum((["-p", t] for t in tids), []),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # attached
    return tracer


def strace_detach(tracer):
    tracer.send_signal(signal.SIGINT)
    tracer.wait(timeout=30)


def strace_calls(out):
    """The number of calls in strace -c's summary."""
    with open(out) as f:
        for row in f:
            parts = row.split()
            if parts and parts[-1] == "total":
                return int(parts[3])  # % time, seconds, usecs/call, calls[, errors], total
    return 0


def traced(server, load_command):
    """Runs the load while strace counts the server's system calls (every
    thread); returns (the load's last line, the number of calls)."""
    out = os.path.join(RESULTS, "strace.txt")
    tracer = strace_attach(server, out)
    line = run_load(load_command)
    strace_detach(tracer)
    return line, strace_calls(out)


# Counted in a run of their own (strace slows every call): system calls of
# the server per unit of work.
SYSCALL_CASES = [
    ("fanout_1000x1000", "chat", ["fanout", "--receivers", "1000", "--messages", "1000"], "deliveries"),
    ("pingpong_1", "echo", ["pingpong", "--connections", "1", "--size", "64", "--duration", "2"], "all_round_trips"),
    ("pingpong_50", "echo", ["pingpong", "--connections", "50", "--size", "64", "--duration", "2"], "all_round_trips"),
]


def measure_syscalls(rec, who, kind, family, args, unit):
    servers = CHAT_SERVERS if family == "chat" else ECHO_SERVERS
    with Server(servers[who], who) as server:
        if family == "chat":  # over the posting phase only, as the CPU time
            run_load([CHAT_LOAD, "probe", "--port", str(server.port)])
            out = os.path.join(RESULTS, "strace.txt")
            line, _ = phased_load(server, [CHAT_LOAD] + args + ["--port", str(server.port)], traced_to=out)
            calls = strace_calls(out)
        else:
            target = f"127.0.0.1:{server.port}"
            run_load([RELAY_LOAD, "probe", "--tcp", target])
            line, calls = traced(server, [RELAY_LOAD] + args + ["--tcp", target])
    units = float(fields(line).get(unit, 0)) or 1
    rec.add(who, kind, "", syscalls_per_unit=f"{calls / units:.4f}")


CHAT_CASES = [
    ("fanout_1000x1000", ["fanout", "--receivers", "1000", "--messages", "1000"]),
    ("fanout_100x10000", ["fanout", "--receivers", "100", "--messages", "10000"]),
    ("groups_10x10x10", ["groups", "--groups", "10", "--members", "10", "--posters", "10", "--messages", "1000"]),
]
ECHO_CASES = [
    ("pingpong_1", ["pingpong", "--connections", "1", "--size", "64", "--duration", "2"]),
    ("pingpong_50", ["pingpong", "--connections", "50", "--size", "64", "--duration", "2"]),
    ("stream_64k", ["stream", "--size", "65536", "--duration", "2"]),
]

# (title, kind, key, format, higher_is_better)
ROWS = [
    ("spawn + join 1M, batch (ns/task)", "spawn_batch", "ns_per_task_median", "{:.1f}", False),
    ("spawn + join 1M, one at a time (ns/task)", "spawn_each", "ns_per_task_median", "{:.1f}", False),
    ("memory per parked task (B)", "parked", "bytes_per_task", "{:.0f}", False),
    ("memory per idle connection, user (B)", "idle", "bytes_per_connection", "{:,.0f}", False),
    ("  kernel stacks per idle connection (B)", "idle", "kernel_stack_bytes_per_connection", "{:,.0f}", None),
    ("echo 64 B ping-pong, 1 connection (round trips/s)", "pingpong_1", "round_trips_per_s", "{:,.0f}", True),
    ("  p50 / p99 (µs)", "pingpong_1", "p50_us", "{:.1f}", None),
    ("  server CPU per round trip (µs)", "pingpong_1", "server_cpu_us_per_round_trip", "{:.1f}", False),
    ("  server / load generator busy (CPU ÷ the load's run time)", "pingpong_1", "busy", "{:.0%}", None),
    ("  load generator CPU per round trip (µs, its set-up included)", "pingpong_1", "load_cpu_us_per_round_trip", "{:.1f}", None),
    ("  server system calls per round trip (strace, a run of its own)", "pingpong_1", "syscalls_per_unit", "{:.2f}",
     False),
    ("echo 64 B ping-pong, 50 connections (round trips/s)", "pingpong_50", "round_trips_per_s", "{:,.0f}", True),
    ("  p50 / p99 (µs)", "pingpong_50", "p50_us", "{:.1f}", None),
    ("  server CPU per round trip (µs)", "pingpong_50", "server_cpu_us_per_round_trip", "{:.1f}", False),
    ("  server / load generator busy (CPU ÷ the load's run time)", "pingpong_50", "busy", "{:.0%}", None),
    ("  load generator CPU per round trip (µs, its set-up included)", "pingpong_50", "load_cpu_us_per_round_trip", "{:.1f}", None),
    ("  server system calls per round trip (strace, a run of its own)", "pingpong_50", "syscalls_per_unit", "{:.2f}",
     False),
    ("echo 64 KiB streaming (MB/s)", "stream_64k", "mb_per_s", "{:,.1f}", True),
    ("  server CPU per MB echoed (µs)", "stream_64k", "server_cpu_us_per_mb", "{:.0f}", False),
    ("  server / load generator busy (CPU ÷ the load's run time)", "stream_64k", "busy", "{:.0%}", None),
    ("fan-out to 1000 members (deliveries/s)", "fanout_1000x1000", "deliveries_per_s", "{:,.0f}", True),
    ("  messages posted per run", "fanout_1000x1000", "messages", "{:,.0f}", None),
    ("  server CPU per delivery (ns)", "fanout_1000x1000", "server_cpu_ns_per_delivery", "{:.0f}", False),
    ("  server / load generator busy (CPU ÷ the load's run time)", "fanout_1000x1000", "busy", "{:.0%}", None),
    ("  load generator CPU per delivery (ns)", "fanout_1000x1000", "load_cpu_ns_per_delivery", "{:.0f}", None),
    ("  server system calls per delivery (strace, a run of its own)", "fanout_1000x1000", "syscalls_per_unit",
     "{:.3f}", False),
    ("fan-out to 100 members (deliveries/s)", "fanout_100x10000", "deliveries_per_s", "{:,.0f}", True),
    ("  messages posted per run", "fanout_100x10000", "messages", "{:,.0f}", None),
    ("  server CPU per delivery (ns)", "fanout_100x10000", "server_cpu_ns_per_delivery", "{:.0f}", False),
    ("  server / load generator busy (CPU ÷ the load's run time)", "fanout_100x10000", "busy", "{:.0%}", None),
    ("  load generator CPU per delivery (ns)", "fanout_100x10000", "load_cpu_ns_per_delivery", "{:.0f}", None),
    ("10 groups × 10 members × 10 posters (deliveries/s)", "groups_10x10x10", "deliveries_per_s", "{:,.0f}", True),
    ("  messages posted per poster per run", "groups_10x10x10", "messages", "{:,.0f}", None),
    ("  server CPU per delivery (ns)", "groups_10x10x10", "server_cpu_ns_per_delivery", "{:.0f}", False),
    ("  server / load generator busy (CPU ÷ the load's run time)", "groups_10x10x10", "busy", "{:.0%}", None),
    ("  load generator CPU per delivery (ns)", "groups_10x10x10", "load_cpu_ns_per_delivery", "{:.0f}", None),
]
COLUMNS = ["ours", "ours-uring", "threads", "tokio", "async-std", "asio"]
OURS = ("ours", "ours-uring", "threads")


def table(rec, reps):
    present = [c for c in COLUMNS if any(r["who"] == c for r in rec.rows)]
    peers = [c for c in present if c not in ("ours", "ours-uring")]
    # Ours on io_uring against ours on epoll, and against the best of the
    # runtimes people would pick instead (not our own threads model).
    uring = "ours-uring" in present
    extra = ["ours-uring ÷ ours", "ours-uring ÷ best peer"] if uring else []
    out = [f"\nours vs peers: median of {reps} runs; servers on CPU 0, load on CPU 1: {PINNED}\n",
           "| measurement | " + " | ".join(present) + " | " + " | ".join([f"ours ÷ {p}" for p in peers] + extra) + " |",
           "|---|" + "---:|" * (len(present) + len(peers) + len(extra))]
    for title, kind, key, fmt, higher in ROWS:
        medians = {}
        cells = []
        for who in present:
            v = rec.values(kind, who, key)
            if key == "busy":  # two figures: the server's and the load's
                server, load = rec.values(kind, who, "server_busy"), rec.values(kind, who, "load_busy")
                cells.append(f"{statistics.median(server):.0%} / {statistics.median(load):.0%}" if server and load else "–")
                continue
            if key == "p50_us" and v:
                p99 = rec.values(kind, who, "p99_us")
                medians[who] = statistics.median(v)
                cells.append(fmt.format(statistics.median(v)) + " / " + fmt.format(statistics.median(p99)))
                continue
            if v:
                medians[who] = statistics.median(v)
            cells.append(fmt.format(medians[who]) if who in medians else "–")
        ratios = []
        for p in peers:
            if higher is None or "ours" not in medians or p not in medians or not medians[p]:
                ratios.append("–")
            elif higher:
                ratios.append(f"{medians['ours'] / medians[p]:.2f}×")
            else:  # lower is better: how many times less ours needs
                ratios.append(f"{medians[p] / medians['ours']:.2f}×" if medians["ours"] else "–")
        if uring:
            def ratio(a, b):
                if higher is None or a not in medians or b not in medians or not medians[a] or not medians[b]:
                    return "–"
                return f"{medians[a] / medians[b]:.2f}×" if higher else f"{medians[b] / medians[a]:.2f}×"
            rivals = [p for p in peers if p not in OURS and p in medians]
            best = None
            if rivals and higher is not None:
                best = (max if higher else min)(rivals, key=lambda p: medians[p])
            ratios += [ratio("ours-uring", "ours"), ratio("ours-uring", best) if best else "–"]
        if all(c == "–" for c in cells):
            continue
        out.append(f"| {title} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    drops = [f"{who}: {int(sum(rec.values(kind, who, 'dropped')))}" for kind, _ in CHAT_CASES for who in present
             if sum(rec.values(kind, who, "dropped"))]
    out.append("\nRatios are ours ÷ peer for throughput and peer ÷ ours for time and memory: above 1× ours is ahead.")
    out.append("Lagged drops (told to members): " + (", ".join(drops) if drops else "none"))
    # Where one contender's runs spread wider than the gaps between contenders,
    # the medians' order means little: the spread says when.
    spread = []
    for title, kind, key, fmt, higher in ROWS:
        if higher is not True:
            continue
        parts = [f"{who} {fmt.format(min(v))}–{fmt.format(max(v))}" for who in present
                 if (v := rec.values(kind, who, key))]
        if parts:
            spread.append(f"- {title.strip()}: " + ", ".join(parts))
    if spread:
        out.append("\nSpread (min–max over the runs):\n" + "\n".join(spread))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--only", default="spawn,parked,idle,fanout,echo,syscalls")
    parser.add_argument("--contenders", default=",".join(COLUMNS),
                        help="which servers, e.g. ours,ours-uring (default: all that are built)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    # The load generators run on our runtime too: keep them on epoll, as in
    # every earlier run, so that only the server under test changes.
    os.environ["ASYNCPLAY_IO"] = "epoll"
    # 10,000 sockets in a server and as many in chat_load: the children inherit this.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 65536 if hard == resource.RLIM_INFINITY else min(65536, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    if want < IDLE_CONNECTIONS + 1024 and "idle" in only:
        sys.exit(f"peers_compare: the descriptor limit is {want}; {IDLE_CONNECTIONS + 1024} are needed")
    missing = [c[0] for c in list(RUNTIMES.values()) + list(CHAT_SERVERS.values()) + list(ECHO_SERVERS.values())
               if not os.access(c[0], os.X_OK)]
    for m in sorted(set(missing)):
        print(f"peers_compare: {m} is not built; its column stays empty (bench/run peers builds it)", file=sys.stderr)
    os.makedirs(RESULTS, exist_ok=True)
    rec = Recorder(os.path.join(RESULTS, "peers_compare.txt"))
    chat = [n for n in CHAT_SERVERS if os.access(CHAT_SERVERS[n][0], os.X_OK)]
    echo = [n for n in ECHO_SERVERS if os.access(ECHO_SERVERS[n][0], os.X_OK)]
    contenders = set(args.contenders.split(","))
    chat = [n for n in chat if n in contenders]
    echo = [n for n in echo if n in contenders]
    if "ours-uring" in chat and not uring_allowed():
        print("peers_compare: io_uring is refused here; the ours-uring column stays empty", file=sys.stderr)
        chat.remove("ours-uring")
        if "ours-uring" in echo:
            echo.remove("ours-uring")
    started = time.monotonic()
    scales = {}  # (contender, case): times the case's base messages
    if "spawn" in only:
        measure_spawn(rec, args.reps)
    if "parked" in only:
        measure_parked(rec, args.reps)
    for rep in range(args.reps):
        if "idle" in only:
            for who in rotate(chat, rep):
                measure_idle(rec, who)
        if "fanout" in only:
            for kind, case in CHAT_CASES:
                for who in rotate(chat, rep):
                    if (who, kind) not in scales:
                        scales[who, kind] = chat_scale(who, case)
                    measure_chat(rec, who, kind, with_messages(case, scales[who, kind]))
        if "echo" in only:
            for kind, case in ECHO_CASES:
                for who in rotate(echo, rep):
                    measure_echo(rec, who, kind, case)
    if "syscalls" in only and shutil.which("strace"):
        for kind, family, case, unit in SYSCALL_CASES:
            for who in (chat if family == "chat" else echo):
                if who != "threads":
                    measure_syscalls(rec, who, kind, family, case, unit)
    text = table(rec, args.reps) + f"\n\n({time.monotonic() - started:.0f} s)"
    print(text)
    with open(os.path.join(RESULTS, "peers_compare.md"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    try:
        main()
    except subprocess.TimeoutExpired as e:
        sys.exit(f"peers_compare: timed out: {e.cmd}")
    except RuntimeError as e:
        sys.exit(f"peers_compare: {e}")
