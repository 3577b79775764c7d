#!/usr/bin/env bash
# The default benchmark (zipfian, 32 threads, 30 s) on a fresh cluster; prints the load and summary.
# It warms up for 40 s after the load: with the bench's default 5 s, the JIT's compilation still
# competes with the load on two cores and decides the figure (benchmarks/README.md, dotted clocks).
# usage: steady-state.sh ROOT FSYNC TAG
root=$1; fsync=$2; tag=$3
cd $root
./ringstore cluster start --clean --fsync $fsync > /dev/null 2>&1
echo "$tag $(./ringstore bench --load --warmup-seconds 40 2>&1 | grep -E '^loaded|^summary' | tr '\n' ' ')"
./ringstore cluster stop > /dev/null 2>&1
