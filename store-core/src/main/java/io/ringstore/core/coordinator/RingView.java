package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.ring.Ring;

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

  /** Who is believed up, suspect or down; everyone up unless a failure detector says otherwise. */
  default NodeStates states() {
    return NodeStates.ALL_UP;
  }
}
