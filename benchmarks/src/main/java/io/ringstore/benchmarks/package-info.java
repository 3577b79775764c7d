/** JMH microbenchmarks of the hot paths: {@link io.ringstore.benchmarks.VectorClockBenchmark}. */
package io.ringstore.benchmarks;
