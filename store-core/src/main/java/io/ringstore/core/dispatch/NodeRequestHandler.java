package io.ringstore.core.dispatch;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.RingView;
import io.ringstore.core.membership.MembershipService;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.wire.ClusterStateRequest;
import io.ringstore.core.wire.DeleteRequest;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GossipAck2;
import io.ringstore.core.wire.GossipSyn;
import io.ringstore.core.wire.PeerHello;
import io.ringstore.core.wire.PeerRequest;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.RingRequest;
import io.ringstore.core.wire.RingResponse;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The node's request handler: the transport delivers every request here and it routes by type.
 * Client requests go to the {@link Coordinator}, a {@link RingRequest} is answered from the current
 * ring, gossip and cluster state requests go to the {@link MembershipService}, and replica requests
 * go to the {@link ReplicaService}, but only from a node: a peer request from a client (no source)
 * would bypass the quorum logic and is refused. A {@link Ping} is answered from anyone: it touches
 * no state, and it is how {@code ringstore status} tells a live node from a dead one.
 */
public final class NodeRequestHandler implements RequestHandler {
  private final Coordinator coordinator;
  private final ReplicaService replicaService;
  private final RingView ring;
  private final MembershipService membership;

  /** A handler for a node on a fixed ring: gossip is refused. */
  public NodeRequestHandler(Coordinator coordinator, ReplicaService replicaService, RingView ring) {
    this(coordinator, replicaService, ring, MembershipService.FIXED_RING);
  }

  /** A handler whose node learns members through {@code membership}. */
  public NodeRequestHandler(
      Coordinator coordinator,
      ReplicaService replicaService,
      RingView ring,
      MembershipService membership) {
    this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    this.replicaService = Objects.requireNonNull(replicaService, "replicaService");
    this.ring = Objects.requireNonNull(ring, "ring");
    this.membership = Objects.requireNonNull(membership, "membership");
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    if (request instanceof PeerRequest peerRequest) {
      handlePeer(source, peerRequest, respond);
    } else if (request instanceof GetRequest get) {
      coordinator.get(get, respond);
    } else if (request instanceof PutRequest put) {
      coordinator.put(put, respond);
    } else if (request instanceof DeleteRequest delete) {
      coordinator.delete(delete, respond);
    } else if (request instanceof RingRequest) {
      respond.accept(RingResponse.of(ring.current()));
    } else if (request instanceof ClusterStateRequest) {
      respond.accept(membership.clusterState());
    } else {
      throw new IllegalStateException("no route for " + request.getClass());
    }
  }

  private void handlePeer(NodeId source, PeerRequest request, Consumer<Response> respond) {
    if (request instanceof Ping) {
      replicaService.handle(request, respond);
    } else if (source == null) {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.BAD_REQUEST,
              request.getClass().getSimpleName() + " is accepted only from cluster nodes"));
    } else if (request instanceof GossipSyn syn) {
      respond.accept(membership.syn(source, syn));
    } else if (request instanceof GossipAck2 ack2) {
      respond.accept(membership.ack2(source, ack2));
    } else if (request instanceof PeerHello) {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.BAD_REQUEST, "PeerHello is answered by the connection, not the node"));
    } else {
      replicaService.handle(request, respond);
    }
  }
}
