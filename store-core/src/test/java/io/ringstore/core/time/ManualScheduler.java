package io.ringstore.core.time;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler driven by a {@link ManualClock}: tasks run, in due order, only when a test calls
 * {@link #advance}. Tasks due at the same time run in the order they were scheduled. Not
 * thread-safe: one test thread drives it.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long sequence;

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    Task scheduled = new Task(clock.monotonicNanos() + Math.max(0, delayNanos), sequence++, task);
    queue.add(scheduled);
    return () -> queue.remove(scheduled);
  }

  /** Moves the clock forward by {@code amount}, running every task that falls due on the way. */
  public void advance(long amount, TimeUnit unit) {
    long target = clock.monotonicNanos() + unit.toNanos(amount);
    while (!queue.isEmpty() && queue.peek().dueNanos <= target) {
      Task next = queue.poll();
      clock.advance(next.dueNanos - clock.monotonicNanos(), TimeUnit.NANOSECONDS);
      next.task.run();
    }
    clock.advance(target - clock.monotonicNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Moves the clock to the next task's due time and runs the tasks due then; false if none waits.
   */
  public boolean advanceToNext() {
    if (queue.isEmpty()) {
      return false;
    }
    advance(Math.max(0, queue.peek().dueNanos - clock.monotonicNanos()), TimeUnit.NANOSECONDS);
    return true;
  }

  /** The number of tasks waiting to run. */
  public int pending() {
    return queue.size();
  }

  private record Task(long dueNanos, long sequence, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byDue = Long.compare(dueNanos, other.dueNanos);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
