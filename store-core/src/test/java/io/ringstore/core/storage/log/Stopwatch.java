package io.ringstore.core.storage.log;

import io.ringstore.core.annotation.SuppressForbidden;

/** Real elapsed time, for tests that report how long a real thread was stalled. */
final class Stopwatch {
  private Stopwatch() {}

  @SuppressForbidden(reason = "measures real stalls of real threads, printed for the report")
  static long nowNanos() {
    return System.nanoTime();
  }
}
