package io.ringstore.core.repair;

import io.ringstore.core.time.Clock;

/**
 * Paces a stream to a byte rate: each transfer books its bytes, and the stream pauses until the
 * bytes booked so far fit the rate since it began (a virtual schedule, as a token bucket with no
 * burst beyond one transfer). Thread-safe.
 */
final class Throttle {
  private final Clock clock;
  private final long bytesPerSecond;
  private long freeAtNanos;

  /**
   * @param bytesPerSecond the rate; 0 for none
   */
  Throttle(Clock clock, long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException(
          "anti-entropy rate " + bytesPerSecond + " bytes/s must not be negative (0: unlimited)");
    }
    this.clock = clock;
    this.bytesPerSecond = bytesPerSecond;
    this.freeAtNanos = clock.monotonicNanos();
  }

  /** Books {@code bytes} just sent or received. */
  synchronized void booked(long bytes) {
    if (bytesPerSecond == 0) {
      return;
    }
    long now = clock.monotonicNanos();
    long costNanos = (long) (bytes * 1e9 / bytesPerSecond);
    freeAtNanos = Math.max(freeAtNanos, now) + costNanos;
  }

  /** How long to pause before the next transfer; 0 if none. */
  synchronized long pauseNanos() {
    return Math.max(0, freeAtNanos - clock.monotonicNanos());
  }
}
