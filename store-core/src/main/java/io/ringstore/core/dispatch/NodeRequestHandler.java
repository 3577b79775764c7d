package io.ringstore.core.dispatch;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.RingView;
import io.ringstore.core.membership.MembershipService;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.repair.RepairEndpoint;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.wire.ClusterStateRequest;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.DecommissionRequest;
import io.ringstore.core.wire.DeleteRequest;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GossipAck2;
import io.ringstore.core.wire.GossipSyn;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.MerkleTreeRequest;
import io.ringstore.core.wire.NodeInfoRequest;
import io.ringstore.core.wire.NodeInfoResponse;
import io.ringstore.core.wire.PaxosCommit;
import io.ringstore.core.wire.PaxosPrepare;
import io.ringstore.core.wire.PaxosPropose;
import io.ringstore.core.wire.PaxosStatesPush;
import io.ringstore.core.wire.PaxosStatesRequest;
import io.ringstore.core.wire.PeerRequest;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.RangePushRequest;
import io.ringstore.core.wire.RangeSyncRequest;
import io.ringstore.core.wire.RemoveNodeRequest;
import io.ringstore.core.wire.RepairRequest;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.RingRequest;
import io.ringstore.core.wire.RingResponse;
import io.ringstore.core.wire.TransactionRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's request handler: the transport delivers every request here and one table from message
 * type to handler routes it. Client requests go to the {@link Coordinator}, a {@link RingRequest}
 * is answered from the current ring, gossip and cluster state requests go to the {@link
 * MembershipService}, and replica requests go to the {@link ReplicaService}, but only from a node:
 * a peer request from a client (no source) would bypass the quorum logic and is refused. A {@link
 * Ping} is answered from anyone: it touches no state, and it is how {@code ringstore status} tells
 * a live node from a dead one. A type without a route (a {@link io.ringstore.core.wire.PeerHello},
 * which the connection answers) is refused as a bad request.
 *
 * <p>The table is built once, keyed by the message's class; a lookup is one hash of a class, where
 * the chains of {@code instanceof} it replaces tested up to ten types per request.
 */
public final class NodeRequestHandler implements RequestHandler {
  private final Map<Class<? extends Request>, Route> routes;

  /** A handler for a node on a fixed ring: gossip is refused. */
  public NodeRequestHandler(Coordinator coordinator, ReplicaService replicaService, RingView ring) {
    this(coordinator, replicaService, ring, MembershipService.FIXED_RING);
  }

  /** A handler whose node learns members through {@code membership} and tells nothing of itself. */
  public NodeRequestHandler(
      Coordinator coordinator,
      ReplicaService replicaService,
      RingView ring,
      MembershipService membership) {
    this(coordinator, replicaService, ring, membership, () -> NodeInfoResponse.NONE);
  }

  /**
   * A handler whose node learns members through {@code membership} and answers {@link
   * NodeInfoRequest} with what {@code info} says at the time.
   */
  public NodeRequestHandler(
      Coordinator coordinator,
      ReplicaService replicaService,
      RingView ring,
      MembershipService membership,
      Supplier<NodeInfoResponse> info) {
    this(coordinator, replicaService, ring, membership, info, null);
  }

  /**
   * A handler that also serves anti-entropy: peers' tree, sync and push requests go to {@code
   * repair}'s replica side, and {@link RepairRequest} to its runs.
   *
   * @param repair null for a node without anti-entropy: its requests are refused
   */
  public NodeRequestHandler(
      Coordinator coordinator,
      ReplicaService replicaService,
      RingView ring,
      MembershipService membership,
      Supplier<NodeInfoResponse> info,
      RepairEndpoint repair) {
    Objects.requireNonNull(coordinator, "coordinator");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(replicaService, "replicaService");
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(membership, "membership");
    Map<Class<? extends Request>, Route> table =
        new HashMap<>(
            Map.ofEntries(
                fromAnyone(GetRequest.class, coordinator::get),
                fromAnyone(PutRequest.class, coordinator::put),
                fromAnyone(DeleteRequest.class, coordinator::delete),
                fromAnyone(ConditionalRequest.class, coordinator::conditional),
                fromAnyone(LockRequest.class, coordinator::lock),
                fromAnyone(TransactionRequest.class, coordinator::transaction),
                fromAnyone(RingRequest.class, (r, respond) -> respond.accept(ringOf(ring))),
                fromAnyone(
                    ClusterStateRequest.class,
                    (r, respond) -> respond.accept(membership.clusterState())),
                fromAnyone(NodeInfoRequest.class, (r, respond) -> respond.accept(info.get())),
                fromAnyone(Ping.class, replicaService::ping),
                fromNodes(
                    ReplicaGetRequest.class,
                    (source, get, respond) -> replicaService.get(get, respond)),
                fromNodes(
                    ReplicaPutRequest.class,
                    (source, put, respond) -> replicaService.put(put, respond)),
                fromNodes(
                    HintedPutRequest.class,
                    (source, hint, respond) -> replicaService.hint(hint, respond)),
                fromNodes(
                    PaxosPrepare.class,
                    (source, prepare, respond) -> replicaService.paxosPrepare(prepare, respond)),
                fromNodes(
                    PaxosPropose.class,
                    (source, propose, respond) -> replicaService.paxosPropose(propose, respond)),
                fromNodes(
                    PaxosCommit.class,
                    (source, commit, respond) -> replicaService.paxosCommit(commit, respond)),
                fromNodes(
                    GossipSyn.class,
                    (source, syn, respond) -> respond.accept(membership.syn(source, syn))),
                fromNodes(
                    GossipAck2.class,
                    (source, ack2, respond) -> respond.accept(membership.ack2(source, ack2)))));
    if (repair != null) {
      table.putAll(repairRoutes(repair, membership));
    }
    this.routes = Map.copyOf(table);
  }

  private static Map<Class<? extends Request>, Route> repairRoutes(
      RepairEndpoint repair, MembershipService membership) {
    return Map.ofEntries(
        fromAnyone(
            RepairRequest.class,
            (request, respond) ->
                respond.accept(
                    request.start()
                        ? repair.antiEntropy().repair()
                        : repair.antiEntropy().status())),
        fromAnyone(
            DecommissionRequest.class,
            (request, respond) -> {
              try {
                repair.decommission().run();
                respond.accept(repair.antiEntropy().status());
              } catch (IllegalStateException refused) {
                respond.accept(ErrorResponse.of(ErrorCode.BAD_REQUEST, refused.getMessage()));
              }
            }),
        fromAnyone(
            RemoveNodeRequest.class,
            (request, respond) -> {
              try {
                repair.removeNode().accept(request.node());
                respond.accept(membership.clusterState());
              } catch (IllegalStateException refused) {
                respond.accept(ErrorResponse.of(ErrorCode.BAD_REQUEST, refused.getMessage()));
              }
            }),
        fromNodes(
            MerkleTreeRequest.class,
            (source, tree, respond) -> repair.replica().tree(tree, respond)),
        fromNodes(
            RangeSyncRequest.class,
            (source, sync, respond) -> repair.replica().sync(sync, respond)),
        fromNodes(
            RangePushRequest.class,
            (source, push, respond) -> repair.replica().push(push, respond)),
        fromNodes(
            PaxosStatesRequest.class,
            (source, page, respond) -> repair.paxosStates().page(page, respond)),
        fromNodes(
            PaxosStatesPush.class,
            (source, push, respond) -> repair.paxosStates().push(push, respond)));
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    Route route = routes.get(request.getClass());
    if (route == null) {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.BAD_REQUEST,
              request.getClass().getSimpleName() + " is not served by a node's request handler"));
      return;
    }
    route.serve(source, request, respond);
  }

  /** The request types this handler routes; for tests. */
  Set<Class<? extends Request>> routedTypes() {
    return routes.keySet();
  }

  private static RingResponse ringOf(RingView ring) {
    return RingResponse.of(ring.current());
  }

  /** Serves one request of any type. */
  private interface Route {
    void serve(NodeId source, Request request, Consumer<Response> respond);
  }

  /** Serves a request of type {@code T}, whoever sent it. */
  private interface AnyoneRoute<T extends Request> {
    void serve(T request, Consumer<Response> respond);
  }

  /** Serves a request of type {@code T} from the cluster node {@code source}. */
  private interface NodeRoute<T extends Request> {
    void serve(NodeId source, T request, Consumer<Response> respond);
  }

  private static <T extends Request> Map.Entry<Class<? extends Request>, Route> fromAnyone(
      Class<T> type, AnyoneRoute<T> route) {
    return Map.entry(type, (source, request, respond) -> route.serve(type.cast(request), respond));
  }

  /** A route for a peer request: refused when a client (no source) sends it. */
  private static <T extends PeerRequest> Map.Entry<Class<? extends Request>, Route> fromNodes(
      Class<T> type, NodeRoute<T> route) {
    return Map.entry(
        type,
        (source, request, respond) -> {
          if (source == null) {
            respond.accept(
                ErrorResponse.of(
                    ErrorCode.BAD_REQUEST,
                    type.getSimpleName() + " is accepted only from cluster nodes"));
          } else {
            route.serve(source, type.cast(request), respond);
          }
        });
  }
}
