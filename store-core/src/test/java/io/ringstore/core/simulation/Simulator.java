package io.ringstore.core.simulation;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.testing.InMemoryCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The deterministic simulator (DESIGN.md, "The one architectural rule"): a whole cluster of real
 * services, its network, its clients and its faults, in one thread driven by one seeded {@link
 * Random} and one {@link EventQueue}. A run is a pure function of its seed and {@link
 * SimulationConfig}: the same pair produces a byte-identical {@link EventLog}.
 *
 * <p>A run has two phases. While the workload runs, the network loses, duplicates and delays
 * messages, a partition (if configured) is cut and healed, clocks drift, nodes crash and restart
 * (each over its {@link SimulatedDisk}, which keeps only what was forced) and may lose their disks,
 * and a wall clock may step. When the last client finishes, every fault stops: links heal, loss
 * stops, the power is cut to every node at once (if configured: what was acknowledged must be
 * durable, not just in memory), down nodes restart, and each key is read once at R=ALL into the
 * history's final reads, which the checkers compare against what clients were told.
 *
 * <p>All randomness comes from the one source, drawn in event order, so adding a random draw
 * anywhere changes every later decision of a seed: compare logs only between runs of one build.
 */
public final class Simulator {
  /** Where every node's wall clock starts. */
  static final long START_WALL_MILLIS = InMemoryCluster.START_WALL_MILLIS;

  /** What every component of a run shares. */
  record Parts(EventQueue events, EventLog log, Random random, QuorumDefaults defaults) {}

  private final long seed;
  private final SimulationConfig config;
  private final Parts parts;
  private final Map<NodeId, SimulatedNode> nodes = new LinkedHashMap<>();
  private final SimulatedNetwork network;
  private final History history;
  private final Workload workload;
  private final List<EventQueue.Event> faults = new ArrayList<>();
  private final SimulatedService serviceOrNull;

  private Simulator(long seed, SimulationConfig config, SimulatedService serviceOrNull) {
    this.seed = seed;
    this.config = config;
    this.serviceOrNull = serviceOrNull;
    EventQueue events = new EventQueue();
    this.parts =
        new Parts(events, new EventLog(events), new Random(seed), QuorumDefaults.defaults());
    Ring ring = ring(config);
    for (Member member : ring.members()) {
      nodes.put(member.id(), node(member.id(), ring));
    }
    this.network = new SimulatedNetwork(parts, nodes, config.network());
    this.history =
        new History(replicasByKey(ring, config.workload().keys()), config.replicationFactor());
    List<NodeId> ids = List.copyOf(nodes.keySet());
    this.workload =
        new Workload(parts, network.transport(null), ids, config.workload(), history, this::finish);
  }

  /** Runs the simulation of {@code config} under {@code seed} to the end. */
  public static SimulationRun run(long seed, SimulationConfig config) {
    return new Simulator(seed, config, null).run();
  }

  /**
   * Runs {@code service} on every node and its clients instead of the store's workload, under the
   * faults of {@code config}. The run's {@link History} stays empty: the service keeps its own.
   */
  public static SimulationRun run(long seed, SimulationConfig config, SimulatedService service) {
    return new Simulator(seed, config, service).run();
  }

  private SimulationRun run() {
    parts.log().record("sim", "start seed " + seed + " with " + nodes.size() + " nodes");
    for (SimulatedNode node : nodes.values()) {
      node.start(network);
    }
    new FaultPlan(parts, config, faults, history).schedule(List.copyOf(nodes.values()), network);
    startClients();
    parts.events().runUntilEmpty();
    parts.log().record("sim", "end after " + parts.events().eventsRun() + " events");
    return new SimulationRun(
        seed, history, parts.log(), parts.events().eventsRun(), parts.events().nowNanos());
  }

  private void startClients() {
    if (serviceOrNull == null) {
      workload.start();
    } else {
      List<NodeId> ids = List.copyOf(nodes.keySet());
      serviceOrNull.startClients(new ServiceClients(parts, network, ids), this::finish);
    }
  }

  /** The workload is done: stop every fault, then read each key at R=ALL. */
  private void finish() {
    parts.log().record("sim", "workload done; faults stop");
    faults.forEach(EventQueue.Event::cancel);
    network.healAll();
    network.setFaults(config.network().withLoss(0, 0));
    if (config.nodeFaults().powerCutAtEnd()) {
      parts.log().record("sim", "power cut: every node that is up crashes");
      nodes.values().stream().filter(SimulatedNode::isUp).forEach(SimulatedNode::crash);
    }
    for (SimulatedNode node : nodes.values()) {
      if (!node.isUp()) {
        parts.log().record(node.id().value(), "restart");
        node.start(network);
      }
      node.stopStorageTimers();
    }
    if (serviceOrNull == null) {
      workload.finalReads(nodes.keySet().iterator().next());
    }
  }

  private SimulatedNode node(NodeId id, Ring ring) {
    long drift = config.clockDriftPpmMax();
    long driftPpm = drift == 0 ? 0 : parts.random().nextLong(-drift, drift + 1);
    NodeClock clock = new NodeClock(parts.events(), driftPpm, START_WALL_MILLIS);
    SimulatedStorage storage =
        new SimulatedStorage(parts.random(), ring.config().partitioner(), config.storage());
    return new SimulatedNode(
        id,
        clock,
        ring,
        parts,
        storage,
        handler -> config.handlers().apply(id, handler),
        serviceOrNull);
  }

  private static Ring ring(SimulationConfig config) {
    RingConfig ringConfig =
        RingConfig.defaults()
            .withReplicationFactor(config.replicationFactor())
            .withVnodesPerUnitWeight(InMemoryCluster.VNODES_PER_MEMBER);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < config.nodes(); i++) {
      members.add(Member.of("node-" + i, "localhost", 7000 + i));
    }
    return Ring.of(ringConfig, members);
  }

  /** The workload's keys, each with the nodes of its preference list. */
  private static Map<String, List<String>> replicasByKey(Ring ring, int count) {
    Map<String, List<String>> replicas = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String key = "key-" + i;
      replicas.put(
          key,
          ring.preferenceList(key.getBytes(StandardCharsets.UTF_8)).replicas().stream()
              .map(member -> member.id().value())
              .toList());
    }
    return replicas;
  }
}
