package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;

/** Where a {@link SimulatedService}'s messages arrive: a node's service, or one of its clients. */
@FunctionalInterface
public interface ServiceEndpoint {
  /** Handles one message from {@code from}; it may arrive late, twice, or out of order. */
  void receive(NodeId from, Object message);
}
