#!/usr/bin/env bash
# Anti-entropy of a wiped node: a local 3-node cluster (N=3) loaded with RECORDS keys of 100 B;
# node-3 is SIGKILLed, its data directory deleted and the node started again empty (this script
# starts it, and stops exactly that pid at the end); then 'ringstore repair --node node-3 --wait'
# restores it, and 'ringstore repair --node node-1 --wait' compares converged replicas.
# Prints the repairs' summary lines and node-3's live keys before and after.
# usage: anti-entropy.sh ROOT FSYNC RECORDS [MIB_PER_SECOND]
set -euo pipefail
root=$1; fsync=$2; records=$3; rate=${4:-16}
cd "$root"
state=.ringstore/cluster/cluster.properties
./ringstore cluster start --clean --fsync "$fsync" > /dev/null
./ringstore bench --load --records "$records" --threads 32 --warmup-seconds 0 \
  --duration-seconds 1 2>&1 | grep -E '^loaded'
pid=$(grep '^node.2.pid=' $state | cut -d= -f2)
dir=$(grep '^node.2.dir=' $state | cut -d= -f2)
port=$(grep '^node.2.port=' $state | cut -d= -f2)
host=$(grep '^node.2.host=' $state | cut -d= -f2)
kill -9 "$pid"
while kill -0 "$pid" 2> /dev/null; do sleep 0.1; done
rm -rf "$dir/data"
sed -i '/^anti-entropy-mib-per-second:/d' "$dir/node.yaml"
echo "anti-entropy-mib-per-second: $rate" >> "$dir/node.yaml"
java -Xms1g -Xmx1g -XX:+UseParallelGC -cp store-node/target/ringstore.jar io.ringstore.node.Main \
  node --config "$dir/node.yaml" >> "$dir/node.log" 2>&1 &
restarted=$!
trap 'kill $restarted 2> /dev/null || true; ./ringstore cluster stop > /dev/null 2>&1 || true' EXIT
for i in $(seq 1 300); do
  if ./ringstore status --seeds "$host:$port" > /dev/null 2>&1 && ./ringstore status > /dev/null 2>&1; then
    break
  fi
  sleep 0.2
done
live() { ./ringstore info --seeds "$host:$port" | grep -E '^ *storage_live_keys' | tr -s ' '; }
echo "node-3 before repair: $(live)"
./ringstore repair --node node-3 --wait | tail -2
echo "node-3 after repair: $(live)"
./ringstore repair --node node-1 --wait | tail -2
