package io.ringstore.core.coordinator;

import io.ringstore.core.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * How long a coordinator waits for the replicas it asked first before it asks another one too (a
 * speculative request): twice the 90th percentile of the last {@link #WINDOW} replica answers, at
 * least {@link #DELAY_MILLIS_FLOOR} and at most {@link #DELAY_MILLIS_CAP}.
 *
 * <p><b>Why this and not a p99.</b> A percentile taken over every replica's answers lets one slow
 * replica inflate the delay that is meant to route around it: ScyllaDB's speculative retry on a
 * per-replica p99 did exactly that (scylladb issue 7342). Here one replica in three that turns slow
 * moves few samples past the 90th percentile of the others, a suspected replica is no longer asked
 * first (so it stops adding samples), and the cap bounds the damage whatever happens. The floor
 * keeps a quiet, fast cluster from sending a speculative request at every scheduling hiccup.
 *
 * <p><b>Threads and bounds.</b> A fixed ring of {@link #WINDOW} samples; the delay is recomputed
 * every {@link #RECOMPUTE_EVERY} samples (a sort of 512 longs) under this object's monitor, and
 * read without it. Nothing else is allocated per request.
 */
final class ReplicaLatency {
  /** Samples the percentile is taken over. */
  static final int WINDOW = 512;

  /**
   * Samples between two recomputations of the delay: once per window. Every 128 samples, the sort
   * was 4% of a node's CPU under load (JFR, 2026-12-06); a window still passes in milliseconds at
   * any load where the delay matters.
   */
  static final int RECOMPUTE_EVERY = WINDOW;

  /** Shortest speculative delay. */
  static final long DELAY_MILLIS_FLOOR = 2;

  /** Longest speculative delay. */
  static final long DELAY_MILLIS_CAP = 50;

  private final Clock clock;
  private final long[] samplesNanos = new long[WINDOW];
  private int count;
  private int next;
  private int sinceRecompute;
  private volatile long delayNanos = TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS_CAP);

  ReplicaLatency(Clock clock) {
    this.clock = clock;
  }

  /** The monotonic time now, to start a measurement. */
  long nowNanos() {
    return clock.monotonicNanos();
  }

  /** A replica asked at {@code sentNanos} answered now. */
  synchronized void record(long sentNanos) {
    long sample = Math.max(0, clock.monotonicNanos() - sentNanos);
    samplesNanos[next] = sample;
    next = (next + 1) % WINDOW;
    count = Math.min(count + 1, WINDOW);
    if (++sinceRecompute >= RECOMPUTE_EVERY) {
      sinceRecompute = 0;
      delayNanos = delayOf(Arrays.copyOf(samplesNanos, count));
    }
  }

  /** The current speculative delay. */
  long delayNanos() {
    return delayNanos;
  }

  private static long delayOf(long[] samples) {
    Arrays.sort(samples);
    long p90 = samples[(int) Math.min(samples.length - 1, Math.ceil(samples.length * 0.9) - 1)];
    long floor = TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS_FLOOR);
    long cap = TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS_CAP);
    return Math.min(cap, Math.max(floor, 2 * p90));
  }
}
