package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;

/** How a {@link SimulatedService}'s node or client sends: one way, no delivery promised. */
@FunctionalInterface
public interface ServiceOutbox {
  /** Sends {@code message} to a node or a client address. */
  void send(NodeId to, Object message);
}
