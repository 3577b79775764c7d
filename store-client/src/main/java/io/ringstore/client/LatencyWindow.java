package io.ringstore.client;

import java.util.Arrays;

/**
 * One node's most recent attempt latencies, in a ring buffer of {@link #SAMPLES_MAX}, and their
 * 99th percentile, recomputed every {@link #RECOMPUTE_EVERY} samples so that a read is a volatile
 * load. A bounded count of samples, not a time window: it follows a busy node within a fraction of
 * a second and an idle one over longer, and it never grows.
 *
 * <p>Thread-safe: recording takes the window's lock (a store and a counter, plus a sort of at most
 * {@link #SAMPLES_MAX} longs once every {@link #RECOMPUTE_EVERY} samples); reading does not.
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

  private long percentile() {
    long[] sorted = Arrays.copyOf(samplesNanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(count * PERCENTILE / 100.0);
    return sorted[Math.max(rank, 1) - 1];
  }
}
