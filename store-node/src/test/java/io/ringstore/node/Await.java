package io.ringstore.node;

import io.ringstore.core.time.SystemClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking it every few milliseconds; never sleeps. */
public final class Await {
  /** Pause between two checks. */
  static final long CHECK_INTERVAL_MILLIS = 20;

  private static final SystemClock CLOCK = new SystemClock();

  private Await() {}

  /**
   * Returns once {@code condition} holds; fails naming {@code what} after {@code timeoutMillis}.
   */
  public static void until(String what, long timeoutMillis, BooleanSupplier condition) {
    long deadlineNanos = CLOCK.monotonicNanos() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!condition.getAsBoolean()) {
      if (CLOCK.monotonicNanos() > deadlineNanos) {
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
      }
      new CompletableFuture<Void>()
          .completeOnTimeout(null, CHECK_INTERVAL_MILLIS, TimeUnit.MILLISECONDS)
          .join();
    }
  }
}
