package io.ringstore.client;

import io.ringstore.core.annotation.SuppressForbidden;
import io.ringstore.core.time.Clock;

/** The client's production clock: the JVM's wall clock and monotonic timer. */
@SuppressForbidden(reason = "the client's one production clock; request deadlines read it")
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long monotonicNanos() {
    return System.nanoTime();
  }
}
