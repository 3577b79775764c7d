#!/usr/bin/env python3
"""Prints, for each benchmark in JMH JSON result files, the median over every measured
iteration of every fork, the median of each fork, and the allocation per operation.

The median resists the noise of a shared two-core machine better than JMH's mean.
Usage: python3 benchmarks/jmh_medians.py result.json [more.json ...]
"""
import json
import statistics
import sys


def describe(result):
    name = ".".join(result["benchmark"].split(".")[-2:])
    params = ",".join(f"{k}={v}" for k, v in result.get("params", {}).items())
    forks = result["primaryMetric"]["rawData"]
    every = [value for fork in forks for value in fork]
    alloc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    alloc_text = "" if alloc is None else f" alloc={alloc:.1f}B/op"
    fork_medians = [round(statistics.median(fork), 1) for fork in forks]
    unit = result["primaryMetric"]["scoreUnit"]
    return (f"{name:38s} {params:30s} median={statistics.median(every):10.1f} {unit}"
            f" forks={fork_medians}{alloc_text}")


def main(paths):
    for path in paths:
        with open(path) as handle:
            for result in json.load(handle):
                print(describe(result))


if __name__ == "__main__":
    main(sys.argv[1:])
