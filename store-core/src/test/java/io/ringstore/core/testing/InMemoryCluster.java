package io.ringstore.core.testing;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Coordinator;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.CounterReservations;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.coordinator.ReadRepair;
import io.ringstore.core.dispatch.NodeRequestHandler;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.replica.LocalReplicaTransport;
import io.ringstore.core.replica.PaxosAcceptor;
import io.ringstore.core.replica.PaxosStore;
import io.ringstore.core.replica.ReplicaService;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nodes wired as in production, in one thread: each node has an in-memory storage engine, a replica
 * service running storage calls inline, a coordinator, and the node request handler, all connected
 * by an {@link InMemoryNetwork}. One manual clock and scheduler serve every node. Clients talk to
 * any node through the network, as a real client would.
 */
public final class InMemoryCluster {
  /** Virtual nodes per member: few, so rings build fast; enough to spread keys. */
  public static final int VNODES_PER_MEMBER = 8;

  /** Where the manual wall clock starts: a plausible epoch-milliseconds value. */
  public static final long START_WALL_MILLIS = 1_700_000_000_000L;

  private final ManualClock clock = new ManualClock(START_WALL_MILLIS);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final InMemoryNetwork network;
  private final Ring ring;
  private final QuorumDefaults defaults;
  private final ReadRepair.Chance readsAskAll;
  private final Map<NodeId, InMemoryStorageEngine> storage = new LinkedHashMap<>();
  private final Map<NodeId, Coordinator> coordinators = new LinkedHashMap<>();
  private final Map<NodeId, PaxosAcceptor> acceptors = new LinkedHashMap<>();

  private InMemoryCluster(
      Ring ring, QuorumDefaults defaults, long seed, ReadRepair.Chance readsAskAll) {
    this.network = new InMemoryNetwork(seed);
    this.ring = ring;
    this.defaults = defaults;
    this.readsAskAll = readsAskAll;
    for (Member member : ring.members()) {
      addNode(member.id());
    }
  }

  /** {@code nodes} nodes named node-0, node-1, ... with replication factor {@code n}. */
  public static InMemoryCluster of(int nodes, int n, QuorumDefaults defaults, long seed) {
    RingConfig config =
        RingConfig.defaults().withReplicationFactor(n).withVnodesPerUnitWeight(VNODES_PER_MEMBER);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      members.add(Member.of(nodeName(i), "localhost", 7000 + i));
    }
    return new InMemoryCluster(Ring.of(config, members), defaults, seed, ReadRepair.Chance.NEVER);
  }

  /** Three nodes, N=3, R=2, W=2, two-second timeout. */
  public static InMemoryCluster threeNodes(long seed) {
    return of(3, RingConfig.REPLICATION_FACTOR_DEFAULT, QuorumDefaults.defaults(), seed);
  }

  /** Three nodes as {@link #threeNodes}, whose reads ask every replica when {@code askAll} says. */
  public static InMemoryCluster threeNodes(long seed, ReadRepair.Chance askAll) {
    RingConfig config =
        RingConfig.defaults()
            .withReplicationFactor(RingConfig.REPLICATION_FACTOR_DEFAULT)
            .withVnodesPerUnitWeight(VNODES_PER_MEMBER);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      members.add(Member.of(nodeName(i), "localhost", 7000 + i));
    }
    return new InMemoryCluster(Ring.of(config, members), QuorumDefaults.defaults(), seed, askAll);
  }

  private void addNode(NodeId id) {
    InMemoryStorageEngine engine =
        new InMemoryStorageEngine(ring.config().partitioner(), StorageLimits.defaults());
    CounterReservations counterReservations = CounterReservations.inMemory();
    PaxosAcceptor paxos =
        new PaxosAcceptor(
            new PaxosStore(
                new InMemoryStorageEngine(ring.config().partitioner(), StorageLimits.defaults()),
                clock),
            engine);
    ReplicaService replica = new ReplicaService(engine, Runnable::run, null, paxos);
    CoordinatorContext context =
        new CoordinatorContext(
            id,
            () -> ring,
            new LocalReplicaTransport(id, replica, network.transport(id)),
            clock,
            scheduler,
            defaults,
            VectorClock.ENTRIES_MAX_DEFAULT,
            counterReservations,
            CoordinatorContext.SIBLINGS_MAX_DEFAULT);
    Coordinator coordinator = new Coordinator(context, ReadRepair.MISSING_VERSIONS, readsAskAll);
    network.register(id, new NodeRequestHandler(coordinator, replica, () -> ring));
    storage.put(id, engine);
    coordinators.put(id, coordinator);
    acceptors.put(id, paxos);
  }

  /** The id of the {@code i}-th node. */
  public NodeId node(int i) {
    return NodeId.of(nodeName(i));
  }

  private static String nodeName(int i) {
    return "node-" + i;
  }

  /** Sends {@code request} from a client to {@code coordinator}; nothing is delivered yet. */
  public Call send(NodeId coordinator, Request request) {
    Call call = new Call();
    network.clientTransport().send(coordinator, request, call);
    return call;
  }

  /** Sends {@code request}, delivers until nothing is in flight, and returns the one answer. */
  public Response call(NodeId coordinator, Request request) {
    Call call = send(coordinator, request);
    network.runUntilQuiescent();
    return call.response();
  }

  /** Advances time by {@code millis}, firing due deadlines, then delivers what they sent. */
  public void advanceMillis(long millis) {
    scheduler.advance(millis, TimeUnit.MILLISECONDS);
    network.runUntilQuiescent();
  }

  public InMemoryNetwork network() {
    return network;
  }

  public ManualScheduler scheduler() {
    return scheduler;
  }

  public ManualClock clock() {
    return clock;
  }

  public Ring ring() {
    return ring;
  }

  /** The coordinator of {@code node}. */
  public Coordinator coordinator(NodeId node) {
    return coordinators.get(node);
  }

  /** The Paxos acceptor of {@code node}. */
  public PaxosAcceptor acceptor(NodeId node) {
    return acceptors.get(node);
  }

  /** The storage engine of {@code node}. */
  public InMemoryStorageEngine storage(NodeId node) {
    return storage.get(node);
  }

  /** A client request in flight: it records every answer and transport failure it hears. */
  public static final class Call implements ResponseHandler {
    private final List<Response> responses = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    @Override
    public void onResponse(Response response) {
      responses.add(response);
    }

    @Override
    public void onFailure(Throwable cause) {
      failures.add(cause);
    }

    /** Whether an answer or failure has arrived. */
    public boolean isDone() {
      return !responses.isEmpty() || !failures.isEmpty();
    }

    /** Every answer so far; more than one means a coordinator answered twice. */
    public List<Response> responses() {
      return List.copyOf(responses);
    }

    /** The one answer. */
    public Response response() {
      if (responses.size() != 1 || !failures.isEmpty()) {
        throw new IllegalStateException(
            "expected exactly one answer, got " + responses + " and failures " + failures);
      }
      return responses.get(0);
    }
  }
}
