package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.ring.Ring;
import java.util.List;

/**
 * Where a coordinator finds the cluster state it plans against: the current ring and what this node
 * believes of every node's liveness. Each request plans against the one ring snapshot it reads
 * here, so a membership change mid-request cannot mix two rings. Production reads the references
 * membership swaps; tests return a fixed ring with everyone up.
 */
@FunctionalInterface
public interface RingView {
  /** The current snapshot; never null, possibly empty before the node joins a cluster. */
  Ring current();

  /**
   * The other rings writes must reach too while the ring changes: the ring a joining or leaving
   * node is moving to, and rings replaced recently enough that some node may still route by them.
   * Empty in a steady cluster (see {@link QuorumPlan}, "While the ring changes").
   */
  default List<Ring> pendingRings() {
    return List.of();
  }

  /** Who is believed up, suspect or down; everyone up unless a failure detector says otherwise. */
  default NodeStates states() {
    return NodeStates.ALL_UP;
  }
}
