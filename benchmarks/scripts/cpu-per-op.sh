#!/usr/bin/env bash
# CPU per operation of a local cluster, as benchmarks/README.md measures it.
# usage: cpu-per-op.sh ROOT FSYNC THREADS TAG   (ROOT: a checkout with a built ringstore.jar)
# Starts a fresh cluster, loads 100,000 records, runs 40 s of 50/50 uniform at THREADS, and
# divides the utime+stime of the three nodes and the bench client over 20 s in the middle of the
# measured phase by the operations the bench timeline counts in those 20 s. Stops the cluster.
set -u
root=$1; fsync=$2; threads=$3; tag=$4
out=${OUT_DIR:-/tmp}/ringstore-bench-$tag.txt
cd $root
./ringstore cluster start --clean --fsync $fsync > "$out.start" 2>&1 || { echo start failed; cat "$out.start"; exit 1; }
./ringstore bench --load --threads $threads --distribution uniform --duration-seconds 40 > $out 2>&1 &
bench=$!
# wait for the load to finish
for i in $(seq 1 1200); do grep -q "^loaded" $out && break; sleep 0.1; done
sleep 12
pids="$(pgrep -f "node --config $root/.ringstore" | tr '\n' ' ') $(pgrep -P $bench) $bench"
ticks() { local t=0; for p in $pids; do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
sys() { local t=0; for p in $pids; do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $15}' /proc/$p/stat))); done; echo $t; }
t0=$(ticks); y0=$(sys); s0=$(date +%s.%N); l0=$(wc -l < $out)
sleep 20
t1=$(ticks); y1=$(sys); s1=$(date +%s.%N); l1=$(wc -l < $out)
wait $bench
./ringstore cluster stop > /dev/null 2>&1
wops=$(sed -n "$((l0+1)),${l1}p" $out | grep -oE " ops=[0-9]+" | cut -d= -f2 | paste -sd+ | bc)
ops=$(grep -oE "throughput_ops_s=[0-9]+" $out | head -1 | cut -d= -f2)
awk -v wops=$wops -v y=$((y1-y0)) -v t0=$t0 -v t1=$t1 -v s0=$s0 -v s1=$s1 -v ops=$ops -v tag=$tag -v f=$fsync -v th=$threads 'BEGIN{cpu=(t1-t0)/100; w=s1-s0; printf "%s fsync=%s threads=%s ops/s=%d window_ops/s=%d cpu_s=%.2f window=%.1f cores=%.2f us/op=%.1f sys=%.0f%%\n", tag, f, th, ops, wops/w, cpu, w, cpu/w, cpu/wops*1e6, y/(t1-t0)*100}'
grep -E "^loaded|^summary" $out
