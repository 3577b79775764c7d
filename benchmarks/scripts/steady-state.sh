#!/usr/bin/env bash
# The default benchmark (zipfian, 32 threads, 30 s) on a fresh cluster; prints the load and summary.
# usage: steady-state.sh ROOT FSYNC TAG
root=$1; fsync=$2; tag=$3
cd $root
./ringstore cluster start --clean --fsync $fsync > /dev/null 2>&1
echo "$tag $(./ringstore bench --load 2>&1 | grep -E '^loaded|^summary' | tr '\n' ' ')"
./ringstore cluster stop > /dev/null 2>&1
