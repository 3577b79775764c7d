package io.ringstore.core.coordinator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues the counters a coordinator writes into its own vector clock entry, so that no two writes
 * it coordinates ever carry equal clocks.
 *
 * <p>Plain Dynamo increments the context's entry for the coordinator. Two concurrent writes from
 * one context through one coordinator would then get equal clocks with different values, and
 * replicas could keep different values under one clock for ever, since no clock comparison can tell
 * them apart. Here every write gets a counter above both the context's and every counter this
 * coordinator issued before: the later of two such writes descends from the earlier one, so
 * replicas converge on it. (The earlier is superseded rather than kept as a sibling; dotted version
 * vectors, Preguiça et al. 2010, would keep both, and are the refinement to make.)
 *
 * <p>Counters start at the wall clock in microseconds when the coordinator starts, so a restarted
 * node issues counters above those it issued before as long as it averaged fewer than a thousand
 * writes per millisecond of its previous life. Thread-safe and lock-free.
 */
final class WriteCounter {
  private static final long COUNTERS_PER_MILLI = 1_000;
  private final AtomicLong lastIssued;

  WriteCounter(long startWallMillis) {
    this.lastIssued = new AtomicLong(Math.multiplyExact(startWallMillis, COUNTERS_PER_MILLI));
  }

  /** A counter above {@code contextCounter} and above every counter issued before. */
  long next(long contextCounter) {
    return lastIssued.accumulateAndGet(
        contextCounter, (last, context) -> Math.max(last, context) + 1);
  }
}
