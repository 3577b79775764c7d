package io.ringstore.core.replica;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.PeerRequest;
import io.ringstore.core.wire.Request;
import java.util.Objects;

/**
 * The coordinator's transport: a request to this node's own replica is a method call into its
 * {@link ReplicaService}; every other request goes out through the network transport.
 *
 * <p>Before this, the own replica was reached through the node's network edge: an event-loop task,
 * the startup gate and the node's request handler, the same way back, for one of the three replica
 * requests of every write (STYLE.md, "The request path is straight"). The replica service answers
 * exactly once and never throws, so the call needs nothing around it.
 *
 * <p><b>Pitfalls.</b> The answer may come inside {@link #send} (a read, or a write under an fsync
 * policy that does not wait): callers must not hold a lock across a send, as {@code
 * QuorumCoordination} does not. The request's byte arrays reach the storage engine without the copy
 * a socket makes; messages are immutable by contract ({@link io.ringstore.core.wire.Message}). A
 * fault decorator around the node's served handler does not see these requests.
 */
public final class LocalReplicaTransport implements Transport {
  private final NodeId self;
  private final ReplicaService replica;
  private final Transport network;

  /** Sends to {@code self} through {@code replica}, to anyone else through {@code network}. */
  public LocalReplicaTransport(NodeId self, ReplicaService replica, Transport network) {
    this.self = Objects.requireNonNull(self, "self");
    this.replica = Objects.requireNonNull(replica, "replica");
    this.network = Objects.requireNonNull(network, "network");
  }

  @Override
  public void send(NodeId destination, Request request, ResponseHandler handler) {
    if (request instanceof PeerRequest peerRequest && destination.equals(self)) {
      replica.handle(peerRequest, handler::onResponse);
    } else {
      network.send(destination, request, handler);
    }
  }
}
