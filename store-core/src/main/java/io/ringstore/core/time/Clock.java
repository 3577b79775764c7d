package io.ringstore.core.time;

/**
 * The only way protocol logic learns the time. Production wires the system clock; tests and the
 * simulator wire a manual clock they advance by hand, so that a run replays exactly.
 */
public interface Clock {
  /** Wall-clock time in milliseconds since the epoch; may jump, never use it for durations. */
  long wallMillis();

  /** Monotonic time in nanoseconds from an arbitrary origin; use it for timeouts and leases. */
  long monotonicNanos();
}
