package io.ringstore.core.simulation;

import java.util.PriorityQueue;

/**
 * The simulator's one event queue and its clock: events run in order of (simulated time, sequence),
 * so two events due at the same instant run in the order they were scheduled and a run replays
 * exactly. Every message delivery, every timer of every node, every fault and every client
 * operation is an event here; nothing else moves simulated time.
 *
 * <p>Cancellation is lazy: a cancelled event stays queued and is skipped when it comes up. Both the
 * queue and the run are bounded, so a runaway protocol loop fails the run instead of hanging it.
 * Not thread-safe: the simulator has one thread.
 */
final class EventQueue {
  /** Most events queued at once; more means a runaway loop in the code under test. */
  static final int EVENTS_PENDING_MAX = 1_000_000;

  /** Most events one run executes before it declares a livelock. */
  static final long EVENTS_PER_RUN_MAX = 5_000_000;

  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long nowNanos;
  private long sequence;
  private long eventsRun;

  /** Simulated nanoseconds since the run started. */
  long nowNanos() {
    return nowNanos;
  }

  /** Events executed so far, not counting cancelled ones. */
  long eventsRun() {
    return eventsRun;
  }

  /** Runs {@code action} {@code delayNanos} of simulated time from now. */
  Event schedule(long delayNanos, Runnable action) {
    if (delayNanos < 0) {
      throw new IllegalArgumentException("an event cannot run in the past; delay " + delayNanos);
    }
    if (queue.size() >= EVENTS_PENDING_MAX) {
      throw new IllegalStateException(EVENTS_PENDING_MAX + " events queued: a runaway loop?");
    }
    Event event = new Event(Math.addExact(nowNanos, delayNanos), sequence++, action);
    queue.add(event);
    return event;
  }

  /** Runs events in order until none is left. */
  void runUntilEmpty() {
    while (!queue.isEmpty()) {
      Event next = queue.poll();
      if (next.cancelled) {
        continue;
      }
      nowNanos = next.dueNanos;
      if (++eventsRun > EVENTS_PER_RUN_MAX) {
        throw new IllegalStateException(
            "still running after " + EVENTS_PER_RUN_MAX + " events: a livelock?");
      }
      next.action.run();
    }
  }

  /** One scheduled event; it can be cancelled until it runs. */
  static final class Event implements Comparable<Event> {
    private final long dueNanos;
    private final long sequence;
    private final Runnable action;
    private boolean cancelled;

    private Event(long dueNanos, long sequence, Runnable action) {
      this.dueNanos = dueNanos;
      this.sequence = sequence;
      this.action = action;
    }

    /** Stops the event from running; does nothing once it has run. */
    void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Event other) {
      int byDue = Long.compare(dueNanos, other.dueNanos);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
