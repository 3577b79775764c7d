/**
 * The cluster benchmark behind {@code ringstore bench}: {@link io.ringstore.node.bench.BenchRun}
 * drives a YCSB-style read/update workload through the Java client and reports latency from
 * HdrHistogram; {@link io.ringstore.node.bench.ZipfianGenerator} draws skewed keys (Gray et al.
 * 1994, as in YCSB); {@link io.ringstore.node.bench.BenchSettings} holds the checked flags.
 */
package io.ringstore.node.bench;
