package io.ringstore.core.time;

/**
 * Runs work later. Protocol logic asks for timers through this interface, never through a thread
 * pool or {@code Thread.sleep}: production wires an executor, tests and the simulator a manual
 * scheduler that runs due tasks when its clock is advanced.
 */
public interface Scheduler {
  /** Runs {@code task} once, {@code delayNanos} from now on the scheduler's clock. */
  Cancellable schedule(long delayNanos, Runnable task);

  /** A scheduled task that has not run yet can be cancelled. */
  interface Cancellable {
    /** Stops the task from running if it has not started; does nothing otherwise. */
    void cancel();
  }
}
