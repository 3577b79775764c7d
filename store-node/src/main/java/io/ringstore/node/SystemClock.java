package io.ringstore.node;

import io.ringstore.core.annotation.SuppressForbidden;
import io.ringstore.core.time.Clock;

/** The production clock: the JVM's wall clock and monotonic timer. */
@SuppressForbidden(reason = "the one production clock; everything else reads time through Clock")
public final class SystemClock implements Clock {
  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long monotonicNanos() {
    return System.nanoTime();
  }
}
