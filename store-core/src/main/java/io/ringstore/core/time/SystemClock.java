package io.ringstore.core.time;

import io.ringstore.core.annotation.SuppressForbidden;

/**
 * The production clock: the JVM's wall clock and monotonic timer. The node and the client wire it
 * at their edges; protocol logic only ever sees the {@link Clock} interface, and tests and the
 * simulator wire manual clocks instead.
 */
@SuppressForbidden(reason = "the one production clock; everything else reads time through Clock")
public final class SystemClock implements Clock {
  /** The shared instance; the clock holds no state. */
  public static final SystemClock INSTANCE = new SystemClock();

  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long monotonicNanos() {
    return System.nanoTime();
  }
}
