package io.ringstore.node.bench;

/**
 * One {@link BenchRun#TIMELINE_INTERVAL_MILLIS} interval of a run's timeline.
 *
 * @param endMillis when the interval ended, in milliseconds from the start of the measured part
 * @param ops operations completed in the interval
 * @param opsPerSecond their rate
 * @param p50Micros median latency of those operations
 * @param p99Micros their 99th percentile latency
 * @param errors operations that failed in the interval
 */
public record TimelinePoint(
    long endMillis, long ops, long opsPerSecond, long p50Micros, long p99Micros, long errors) {}
