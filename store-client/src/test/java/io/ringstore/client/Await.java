package io.ringstore.client;

import io.ringstore.core.time.SystemClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition of a test on real sockets, failing after a deadline. */
final class Await {
  /** How long a condition may take on a loaded machine before the test fails. */
  static final long DEADLINE_MILLIS = 20_000;

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private Await() {}

  /** Polls {@code condition} until it holds; fails naming {@code what} after the deadline. */
  static void until(BooleanSupplier condition, String what) {
    long deadlineNanos =
        SystemClock.INSTANCE.monotonicNanos() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
    while (!condition.getAsBoolean()) {
      if (SystemClock.INSTANCE.monotonicNanos() > deadlineNanos) {
        throw new AssertionError("not within " + DEADLINE_MILLIS + " ms: " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
