/**
 * The YCSB binding: {@link io.ringstore.benchmarks.ycsb.RingstoreYcsbDb} runs the standard YCSB
 * workloads (the property files in {@code benchmarks/ycsb}) against a cluster through the Java
 * client; {@link io.ringstore.benchmarks.ycsb.FieldCodec} stores a record's fields as one value.
 */
package io.ringstore.benchmarks.ycsb;
