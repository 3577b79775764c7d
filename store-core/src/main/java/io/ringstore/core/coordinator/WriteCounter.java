package io.ringstore.core.coordinator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues the counters a coordinator writes as the dot of each version (its own clock entry, see
 * {@link io.ringstore.core.version.VectorClock#dot}), so that no two writes it coordinates ever
 * carry equal clocks, in this life of the node or any earlier one.
 *
 * <p>Plain Dynamo increments the context's entry for the coordinator. Two concurrent writes from
 * one context through one coordinator would then get equal clocks with different values, and
 * replicas could keep different values under one clock for ever, since no clock comparison can tell
 * them apart. Here every write gets a counter above both the context's and every counter this
 * coordinator issued before, and the dotted clock claims only that one counter, so two such writes
 * are concurrent and both kept as siblings.
 *
 * <p>Across restarts: counters start above both the wall clock in microseconds and the highest
 * counter an earlier life reserved ({@link CounterReservations}), and are reserved durably in
 * blocks of {@link #RESERVATION_BLOCK} before they are issued. A wall clock stepped back across a
 * restart therefore cannot make the node reuse a counter. Thread-safe; lock-free except for the
 * writer that crosses into a new block, which waits for the reservation to be durable.
 */
final class WriteCounter {
  /** Counters reserved per durable write. */
  static final long RESERVATION_BLOCK = 1_000_000;

  private static final long COUNTERS_PER_MILLI = 1_000;
  private final AtomicLong lastIssued;
  private final CounterReservations reservations;
  private volatile long reservedUpTo;

  WriteCounter(long startWallMillis, CounterReservations reservations) {
    this.reservations = reservations;
    long start =
        Math.max(Math.multiplyExact(startWallMillis, COUNTERS_PER_MILLI), reservations.reserved());
    this.lastIssued = new AtomicLong(start);
    this.reservedUpTo = start;
  }

  /** A counter above {@code contextCounter} and above every counter issued before. */
  long next(long contextCounter) {
    long counter =
        lastIssued.accumulateAndGet(contextCounter, (last, context) -> Math.max(last, context) + 1);
    if (counter > reservedUpTo) {
      reserveThrough(counter);
    }
    return counter;
  }

  /**
   * Records that {@code counter} was issued (by {@link KeyCounters}, one above a key's last): later
   * counters from {@link #next} lie above it, and it is reserved durably before this returns.
   */
  void raiseTo(long counter) {
    if (counter > lastIssued.get()) {
      lastIssued.accumulateAndGet(counter, Math::max);
    }
    if (counter > reservedUpTo) {
      reserveThrough(counter);
    }
  }

  private synchronized void reserveThrough(long counter) {
    if (counter > reservedUpTo) {
      long upTo = Math.addExact(counter, RESERVATION_BLOCK);
      reservations.reserve(upTo);
      reservedUpTo = upTo;
    }
  }
}
