package io.ringstore.client;

import java.util.Arrays;

/**
 * One node's most recent attempt latencies, in a ring buffer of {@link #SAMPLES_MAX}, and their
 * 99th percentile, recomputed every {@link #RECOMPUTE_EVERY} samples so that a read is a volatile
 * load. A bounded count of samples, not a time window: it follows a busy node within a fraction of
 * a second and an idle one over longer, and it never grows.
 *
 * <p>Thread-safe: recording takes the window's lock (a store and a counter, plus one pass over at
 * most {@link #SAMPLES_MAX} longs once every {@link #RECOMPUTE_EVERY} samples); reading does not.
 */
final class LatencyWindow {
  /** Samples kept. */
  static final int SAMPLES_MAX = 256;

  /** Samples between two recomputations of the percentile; also the fewest that give one. */
  static final int RECOMPUTE_EVERY = 32;

  /** The percentile kept, in per cent. */
  static final int PERCENTILE = 99;

  /** What {@link #p99Nanos} returns before the window holds {@link #RECOMPUTE_EVERY} samples. */
  static final long UNKNOWN = -1;

  private final long[] samplesNanos = new long[SAMPLES_MAX];
  private int count;
  private int next;
  private int sinceRecompute;
  private volatile long p99Nanos = UNKNOWN;

  /**
   * Adds one latency; returns true if this sample recomputed the percentile.
   *
   * @param latencyNanos at least 0
   */
  synchronized boolean record(long latencyNanos) {
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos is " + latencyNanos + ", must be >= 0");
    }
    samplesNanos[next] = latencyNanos;
    next = (next + 1) % SAMPLES_MAX;
    count = Math.min(count + 1, SAMPLES_MAX);
    if (++sinceRecompute < RECOMPUTE_EVERY) {
      return false;
    }
    sinceRecompute = 0;
    p99Nanos = percentile();
    return true;
  }

  /** The 99th percentile of the samples at the last recomputation, or {@link #UNKNOWN}. */
  long p99Nanos() {
    return p99Nanos;
  }

  /**
   * The sample of rank {@code ceil(count x 99%)} in ascending order, which is the k-th largest for
   * {@code k = count - rank + 1}, at most 3 for {@link #SAMPLES_MAX} samples: one pass keeping the
   * k largest, where sorting a copy of the window was 7% of a benchmark client's CPU (JFR,
   * 2026-12-06).
   */
  private long percentile() {
    int rank = Math.max((int) Math.ceil(count * PERCENTILE / 100.0), 1);
    long[] largest = new long[count - rank + 1];
    Arrays.fill(largest, Long.MIN_VALUE);
    for (int i = 0; i < count; i++) {
      insertIfLarger(largest, samplesNanos[i]);
    }
    return largest[largest.length - 1];
  }

  /** Keeps {@code largest} the largest values seen, in descending order. */
  private static void insertIfLarger(long[] largest, long sample) {
    int at = largest.length - 1;
    if (sample <= largest[at]) {
      return;
    }
    while (at > 0 && largest[at - 1] < sample) {
      largest[at] = largest[at - 1];
      at--;
    }
    largest[at] = sample;
  }
}
