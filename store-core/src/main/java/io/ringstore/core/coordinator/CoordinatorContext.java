package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import java.util.Objects;

/**
 * Everything a {@link Coordinator} depends on, injected in one value: production wires Netty, the
 * system clock and an executor scheduler; the simulator wires its in-memory network and manual
 * time, and drives the same coordinator unchanged.
 *
 * @param self this node, whose entry a coordinated write increments in the vector clock
 * @param ring the current ring snapshot
 * @param transport reaches every replica, this node's own included (by a method call: {@link
 *     io.ringstore.core.replica.LocalReplicaTransport})
 * @param clock the wall clock stamped on new versions
 * @param scheduler runs request deadlines
 * @param quorumDefaults R, W and timeout for requests that leave them to the node
 * @param clockEntriesMax entries a new version's clock keeps (see {@link VectorClock#increment})
 * @param counterReservations where the coordinator durably reserves its clock counters
 * @param siblingsMax the most versions a new write may leave a key with (replicas refuse one that
 *     would add a sibling beyond it); 0 for no bound
 */
public record CoordinatorContext(
    NodeId self,
    RingView ring,
    Transport transport,
    Clock clock,
    Scheduler scheduler,
    QuorumDefaults quorumDefaults,
    int clockEntriesMax,
    CounterReservations counterReservations,
    int siblingsMax) {
  /**
   * Siblings a key may have before replicas refuse new writes that add one: far above what a client
   * that writes with its reads' contexts ever makes, low enough that a client writing blindly in a
   * loop learns of it before its reads slow down (Riak's default max_siblings is 100).
   */
  public static final int SIBLINGS_MAX_DEFAULT = 64;

  /** Rejects nulls and a clock bound below 1. */
  public CoordinatorContext {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(quorumDefaults, "quorumDefaults");
    Objects.requireNonNull(counterReservations, "counterReservations");
    if (siblingsMax < 0) {
      throw new IllegalArgumentException(
          "coordinator siblingsMax " + siblingsMax + " must not be negative");
    }
    if (clockEntriesMax < 1) {
      throw new IllegalArgumentException(
          "coordinator clockEntriesMax " + clockEntriesMax + " must be at least 1");
    }
  }
}
