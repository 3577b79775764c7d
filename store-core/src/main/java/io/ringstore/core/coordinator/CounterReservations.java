package io.ringstore.core.coordinator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable promises about the vector clock counters a node's coordinator may have issued, so that a
 * restarted node never issues a counter it issued before, whatever its wall clock did in between.
 * The coordinator reserves counters in blocks ({@link WriteCounter}): one durable write per block,
 * not per request.
 */
public interface CounterReservations {
  /** The highest counter reserved by any earlier life of this node; 0 if none. */
  long reserved();

  /**
   * Records durably that counters up to {@code upTo} may be issued; returns once it is durable.
   *
   * @throws java.io.UncheckedIOException if the reservation cannot be made durable
   */
  void reserve(long upTo);

  /**
   * Reservations kept in memory: they survive a coordinator's restart within one process (tests,
   * the simulator's crash and restart), not a process's.
   */
  static CounterReservations inMemory() {
    AtomicLong reserved = new AtomicLong();
    return new CounterReservations() {
      @Override
      public long reserved() {
        return reserved.get();
      }

      @Override
      public void reserve(long upTo) {
        reserved.accumulateAndGet(upTo, Math::max);
      }
    };
  }
}
