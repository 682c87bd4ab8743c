#!/usr/bin/env python3
"""Prints one Markdown table from Google Benchmark JSON files: the median of
each benchmark's repetitions, its counters, and how much the repetitions
spread (cv = stddev / mean), so noise is visible.

Usage: summarize.py results/*.json
"""
import json
import re
import sys

# Counters added by report_per_item() are times per item in seconds.
PER_ITEM_PREFIX = "per_"
# Fields Google Benchmark writes for every run; anything else is a counter.
STANDARD = {
    "name", "family_index", "per_family_instance_index", "run_name", "run_type",
    "repetitions", "repetition_index", "threads", "aggregate_name", "aggregate_unit",
    "iterations", "real_time", "cpu_time", "time_unit", "items_per_second",
    "bytes_per_second", "label", "error_occurred", "error_message",
}


def format_counter(key, value):
    if key.startswith(PER_ITEM_PREFIX):
        return f"{value * 1e9:.1f} ns {key}"
    if key.endswith("_per_second"):
        return f"{value / 1e6:.2f} M {key}"
    return f"{value:.1f} {key}"


def cv_of(cv_run):
    """The spread of the figure a benchmark is about. Google Benchmark's cv of a
    rate counter is not meaningful, but every iteration does the same work, so
    the cv of the time per iteration is the cv of the time per item."""
    if cv_run is None:
        return ""
    value = cv_run.get("bytes_per_task", cv_run["cpu_time"])
    return f"{value * 100:.1f}%"


def short_name(run_name):
    """Drops the options Google Benchmark appends to names."""
    return re.sub(r"/(iterations:\d+|manual_time|min_warmup_time:[\d.]+)", "", run_name)


def rows(path):
    with open(path) as f:
        benchmarks = json.load(f)["benchmarks"]
    # In the order the benchmarks are declared, however they were interleaved.
    benchmarks.sort(key=lambda r: (r["family_index"], r["per_family_instance_index"]))
    by_name = {}
    for run in benchmarks:
        by_name.setdefault(short_name(run["run_name"]), {})[run.get("aggregate_name", "")] = run
    for name, aggregates in by_name.items():
        median = aggregates.get("median")
        if median is None or median.get("error_occurred"):
            failed = next(iter(aggregates.values()))
            yield name, "FAILED: " + failed.get("error_message", "no median"), ""
            continue
        counters = [format_counter(k, v) for k, v in median.items()
                    if k not in STANDARD and not isinstance(v, str)]
        yield name, ", ".join(counters), cv_of(aggregates.get("cv"))


def main(paths):
    print("| benchmark | median of 5 repetitions | cv |")
    print("|---|---|---|")
    for path in paths:
        for name, figures, cv in rows(path):
            print(f"| {name} | {figures} | {cv} |")


if __name__ == "__main__":
    main(sys.argv[1:])
