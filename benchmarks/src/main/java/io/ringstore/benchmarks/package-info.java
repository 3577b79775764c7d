/**
 * JMH microbenchmarks of the hot paths. {@link io.ringstore.benchmarks.RingBenchmark} times a
 * preference-list lookup; the vector clock and frame codec benchmarks sit beside it. Run them as
 * {@code benchmarks/README.md} says.
 */
package io.ringstore.benchmarks;
