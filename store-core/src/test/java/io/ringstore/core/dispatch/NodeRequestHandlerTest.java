package io.ringstore.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.CounterReservations;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.membership.MembershipService;
import io.ringstore.core.net.Transport;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.repair.AntiEntropyReplica;
import io.ringstore.core.repair.RepairEndpoint;
import io.ringstore.core.replica.AcceptorStates;
import io.ringstore.core.replica.LocalReplicaTransport;
import io.ringstore.core.replica.PaxosAcceptor;
import io.ringstore.core.replica.PaxosStore;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.AuthProof;
import io.ringstore.core.wire.AuthStart;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DecommissionRequest;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.MerkleTreeRequest;
import io.ringstore.core.wire.MerkleTreeResponse;
import io.ringstore.core.wire.MessageCatalog;
import io.ringstore.core.wire.NodeInfoResponse;
import io.ringstore.core.wire.PeerHello;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.RemoveNodeRequest;
import io.ringstore.core.wire.RepairRequest;
import io.ringstore.core.wire.RepairStatus;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaGetResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.RingRequest;
import io.ringstore.core.wire.RingResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The node's one dispatch table: every request type of the wire catalogue has a route but the hello
 * a connection answers, peer requests from clients are refused, and a single node (N=1) serves a
 * put and a get through its coordinator and its own replica, called directly.
 */
class NodeRequestHandlerTest {
  private static final NodeId SELF = NodeId.of("node-0");
  private static final NodeId PEER = NodeId.of("node-1");
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

  private final Ring ring =
      Ring.of(RingConfig.defaults().withReplicationFactor(1), List.of(Member.of("node-0", "h", 1)));
  private String decommissionRefusal;
  private int decommissions;
  private final List<NodeId> removed = new ArrayList<>();
  private final NodeRequestHandler handler = singleNode();

  @Test
  void everyRequestTypeOfTheCatalogueButTheConnectionsOwnHasARoute() {
    Set<Class<?>> requestTypes =
        MessageCatalog.typeIds().values().stream()
            .filter(Request.class::isAssignableFrom)
            .collect(Collectors.toSet());

    // Answered by the connection itself, before the handler: the greeting and authentication.
    requestTypes.removeAll(Set.of(PeerHello.class, AuthStart.class, AuthProof.class));

    assertThat(Set.<Class<?>>copyOf(handler.routedTypes()))
        .containsExactlyInAnyOrderElementsOf(requestTypes);
  }

  @Test
  void aPeerRequestFromAClientIsRefused() {
    Response answer = handle(null, new ReplicaGetRequest(KEY));

    assertThat(answer).isInstanceOf(ErrorResponse.class);
    assertThat(((ErrorResponse) answer).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(((ErrorResponse) answer).message()).contains("only from cluster nodes");
  }

  @Test
  void aPeerRequestFromANodeIsServed() {
    assertThat(handle(PEER, new ReplicaGetRequest(KEY))).isInstanceOf(ReplicaGetResponse.class);
  }

  @Test
  void aPingIsAnsweredFromAnyone() {
    assertThat(handle(null, new Ping(7))).isEqualTo(new Pong(7));
  }

  @Test
  void aHelloReachingTheHandlerIsABadRequest() {
    Response answer = handle(PEER, new PeerHello(PEER));

    assertThat(((ErrorResponse) answer).code()).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  @Test
  void clientRequestsReachTheCoordinatorAndItsOwnReplica() {
    byte[] value = "v".getBytes(StandardCharsets.UTF_8);
    Response put =
        handle(null, new PutRequest(KEY, value, VectorClock.empty(), Consistency.nodeDefault(), 0));
    Response get = handle(null, new GetRequest(KEY, Consistency.nodeDefault(), 0));

    assertThat(put).isInstanceOf(PutResponse.class);
    assertThat(((GetResponse) get).versions()).extracting(Versioned::value).containsExactly(value);
    assertThat(handle(null, new RingRequest())).isInstanceOf(RingResponse.class);
  }

  /** A node that replicates its ranges with nobody else has nothing to compare: done at once. */
  @Test
  void aDecommissionRequestStartsTheMovementAndAnswersWithItsStreamStatus() {
    Response answer = handle(null, new DecommissionRequest());

    assertThat(answer).isInstanceOf(RepairStatus.class);
    assertThat(decommissions).isEqualTo(1);
  }

  @Test
  void aRemoveNodeRequestRemovesTheNamedMemberAndAnswersTheClusterState() {
    Response answer = handle(null, new RemoveNodeRequest(NodeId.of("node-9")));

    assertThat(answer).isInstanceOf(ClusterStateResponse.class);
    assertThat(removed).containsExactly(NodeId.of("node-9"));
  }

  @Test
  void aDecommissionTheNodeRefusesAnswersBadRequestWithTheReason() {
    decommissionRefusal = "this node is JOINING, not NORMAL";

    Response answer = handle(null, new DecommissionRequest());

    assertThat(answer).isInstanceOf(ErrorResponse.class);
    assertThat(((ErrorResponse) answer).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(((ErrorResponse) answer).message()).contains("JOINING");
  }

  @Test
  void aRepairRequestStartsARunAndReportsIt() {
    RepairStatus started = (RepairStatus) handle(null, new RepairRequest(true));
    RepairStatus after = (RepairStatus) handle(null, new RepairRequest(false));

    assertThat(started.running()).isFalse();
    assertThat(after.runsFinished()).isEqualTo(1);
    assertThat(after.rangesTotal()).isZero();
  }

  @Test
  void aTreeRequestFromANodeIsAnsweredWithTheReplicasTree() {
    handle(
        null,
        new PutRequest(KEY, new byte[] {1}, VectorClock.empty(), Consistency.nodeDefault(), 0));

    Response tree = handle(PEER, new MerkleTreeRequest(TokenRange.full(), 0));

    assertThat(((MerkleTreeResponse) tree).keyCount()).isEqualTo(1);
  }

  /** Answers synchronously: the engine is in memory and its own replica is called directly. */
  private Response handle(NodeId source, Request request) {
    List<Response> answers = new ArrayList<>();
    handler.handle(source, request, answers::add);
    assertThat(answers).hasSize(1);
    return answers.get(0);
  }

  private NodeRequestHandler singleNode() {
    ManualClock clock = new ManualClock(1_700_000_000_000L);
    InMemoryStorageEngine storage =
        new InMemoryStorageEngine(ring.config().partitioner(), StorageLimits.defaults());
    ReplicaService replica = new ReplicaService(storage, Runnable::run);
    Transport network =
        (destination, request, responses) -> {
          throw new AssertionError("a single node sends nothing to the network");
        };
    CoordinatorContext context =
        new CoordinatorContext(
            SELF,
            () -> ring,
            new LocalReplicaTransport(SELF, replica, network),
            clock,
            new ManualScheduler(clock),
            new QuorumDefaults(1, 1, 1_000),
            VectorClock.ENTRIES_MAX_DEFAULT,
            CounterReservations.inMemory(),
            CoordinatorContext.SIBLINGS_MAX_DEFAULT);
    ManualScheduler scheduler = new ManualScheduler(clock);
    RepairEndpoint repair =
        new RepairEndpoint(
            new AntiEntropyReplica(storage, Runnable::run, 32),
            new AcceptorStates(
                new PaxosAcceptor(
                    new PaxosStore(
                        new InMemoryStorageEngine(
                            ring.config().partitioner(), StorageLimits.defaults()),
                        clock),
                    storage),
                Runnable::run),
            new AntiEntropy(
                SELF,
                storage,
                network,
                () -> ring,
                scheduler,
                clock,
                Runnable::run,
                AntiEntropy.Settings.DEFAULTS),
            () -> {
              if (decommissionRefusal != null) {
                throw new IllegalStateException(decommissionRefusal);
              }
              decommissions++;
            },
            removed::add);
    return new NodeRequestHandler(
        new Coordinator(context),
        replica,
        () -> ring,
        MembershipService.FIXED_RING,
        () -> NodeInfoResponse.NONE,
        repair);
  }
}
