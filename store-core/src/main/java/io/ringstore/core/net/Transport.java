package io.ringstore.core.net;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.wire.Request;

/**
 * How protocol logic talks to other nodes: send a request to a node id, hear back through a
 * callback. Production wires Netty connections between nodes; tests and the simulator wire an
 * in-memory network that delays, drops, duplicates and partitions messages from a seed.
 *
 * <p>A transport promises nothing about delivery. A request may never arrive, its response may be
 * lost, and {@link ResponseHandler#onFailure} may or may not be called when a connection breaks:
 * callers bound every wait with a deadline on their {@link io.ringstore.core.time.Scheduler}. A
 * coordinator reaches its own replica through {@link
 * io.ringstore.core.replica.LocalReplicaTransport}, a method call that answers like any replica.
 *
 * <p>Callbacks run on the transport's threads (an event loop in production, the simulator's one
 * thread in tests); they must not block.
 */
public interface Transport {
  /** Sends {@code request} to {@code destination}; its answer, if any, reaches {@code handler}. */
  void send(NodeId destination, Request request, ResponseHandler handler);
}
