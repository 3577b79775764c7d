package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.NewClock;
import io.ringstore.core.coordinator.ReadRepair;
import io.ringstore.core.membership.GossipSettings;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What one simulated run looks like; the seed decides everything else.
 *
 * @param nodes cluster size
 * @param replicationFactor N
 * @param network latency, loss and duplication before any fault changes them
 * @param workload the clients
 * @param clockDriftPpmMax each node's clock drifts by a random amount up to this, either way
 * @param nemesis draws the run's {@link FaultSchedule}
 * @param powerCutAtEnd whether every node that is up crashes at once when the workload ends, before
 *     the final reads: every acknowledged write must then be durable, not merely held in some
 *     replica's memory
 * @param handlers wraps each node's request handler: identity, or a deliberately broken variant
 * @param storage adjusts each node's storage engine options: identity, or a broken variant
 * @param engines wraps each node's storage engine (after every open): identity, or a broken
 *     replica, such as one that acknowledges writes without storing them
 * @param repair what runs after the faults stop, before replicas are compared
 * @param gossip every node's gossip and failure detection settings: the production defaults, or a
 *     broken variant
 * @param readRepair what every coordinator's reads write back to stale replicas: the production
 *     repair, or a broken variant
 * @param hints how coordinators hand writes for unreachable replicas to stand-ins, and how those
 *     replay them: production's sloppy quorum, or a broken variant
 * @param antiEntropy how each node's periodic anti-entropy runs during the workload ({@link
 *     SimulatedNode#ANTI_ENTROPY}); an interval of 0 switches it off, for bite proofs of the other
 *     repairs, which it would otherwise heal
 * @param newClock how coordinators make a new version's clock: production's exact rule, or a broken
 *     variant
 * @param transfers what each node's range movements stream of their transfers: all (production) or
 *     a broken variant
 * @param spares nodes beyond {@code nodes}, started only by a {@link Fault.Join} (see {@link
 *     Nemesis#joinOrDecommission})
 * @param paxos how acceptors keep promises and proposers read the register: production's rules, or
 *     a broken variant
 */
public record SimulationConfig(
    int nodes,
    int replicationFactor,
    NetworkFaults network,
    WorkloadSettings workload,
    long clockDriftPpmMax,
    Nemesis nemesis,
    boolean powerCutAtEnd,
    BiFunction<NodeId, RequestHandler, RequestHandler> handlers,
    UnaryOperator<LogStorageOptions> storage,
    BiFunction<NodeId, StorageEngine, StorageEngine> engines,
    RepairPhase repair,
    GossipSettings gossip,
    ReadRepair readRepair,
    HintedHandoff hints,
    AntiEntropy.Settings antiEntropy,
    NewClock newClock,
    UnaryOperator<List<RangeTransfers.Transfer>> transfers,
    int spares,
    PaxosRules paxos) {
  /** Most nodes a simulated cluster may have. */
  public static final int NODES_MAX = 64;

  public SimulationConfig {
    if (nodes < 1 || spares < 0 || nodes + spares > NODES_MAX || replicationFactor < 1) {
      throw new IllegalArgumentException(
          "nodes and spares must be in [1, " + NODES_MAX + "] together, N >= 1");
    }
    if (clockDriftPpmMax < 0 || clockDriftPpmMax > NodeClock.DRIFT_PPM_MAX) {
      throw new IllegalArgumentException("clock drift in [0, " + NodeClock.DRIFT_PPM_MAX + "] ppm");
    }
  }

  /**
   * Four nodes (so that every key has a stand-in for hinted handoff) and a spare that the nemesis
   * may make join, N=3, W=2, R=2, 200 operations; 2% duplication and reordering, clocks drifting up
   * to 200 ppm; faults from {@link Nemesis#mixed()}; a power cut when the workload ends; the
   * production storage options; the production read repair and hinted handoff; hint replay and then
   * anti-entropy as the repair phase.
   */
  public static SimulationConfig defaults() {
    return new SimulationConfig(
        4,
        3,
        NetworkFaults.reliable().withLoss(0, 0.02),
        WorkloadSettings.defaults(),
        200,
        Nemesis.mixed(),
        true,
        (node, handler) -> handler,
        options -> options,
        (node, engine) -> engine,
        RepairPhase.HINTS_THEN_ANTI_ENTROPY,
        GossipSettings.defaults(),
        ReadRepair.MISSING_VERSIONS,
        HintedHandoff.PRODUCTION,
        SimulatedNode.ANTI_ENTROPY,
        NewClock.EXACT,
        UnaryOperator.identity(),
        1,
        PaxosRules.PRODUCTION);
  }

  /** The same run with faults drawn by {@code other}. */
  public SimulationConfig withNemesis(Nemesis other) {
    return with(copy -> copy.nemesis = other);
  }

  /** The same run with or without the power cut when the workload ends. */
  public SimulationConfig withPowerCutAtEnd(boolean value) {
    return with(copy -> copy.powerCutAtEnd = value);
  }

  /** The same run with {@code other} repairing replicas after the heal. */
  SimulationConfig withRepair(RepairPhase other) {
    return with(copy -> copy.repair = other);
  }

  /** Wraps request handlers, as a fault decorator does. */
  public SimulationConfig withHandlers(BiFunction<NodeId, RequestHandler, RequestHandler> wrapper) {
    return with(copy -> copy.handlers = wrapper);
  }

  /** Adjusts every node's storage options, as a broken engine would. */
  public SimulationConfig withStorage(UnaryOperator<LogStorageOptions> adjust) {
    return with(copy -> copy.storage = adjust);
  }

  /** Wraps every node's storage engine, as a broken replica would. */
  public SimulationConfig withEngines(BiFunction<NodeId, StorageEngine, StorageEngine> wrapper) {
    return with(copy -> copy.engines = wrapper);
  }

  /** Coordinators repair what their reads find stale as {@code other} says. */
  public SimulationConfig withReadRepair(ReadRepair other) {
    return with(copy -> copy.readRepair = other);
  }

  /** Runs every node's gossip and failure detector with {@code settings}. */
  public SimulationConfig withGossip(GossipSettings settings) {
    return with(copy -> copy.gossip = settings);
  }

  /** Coordinators hand off and stand-ins replay hints as {@code other} says. */
  SimulationConfig withHints(HintedHandoff other) {
    return with(copy -> copy.hints = other);
  }

  /** Coordinators make new versions' clocks as {@code other} says. */
  SimulationConfig withNewClock(NewClock other) {
    return with(copy -> copy.newClock = other);
  }

  /** The same run with {@code count} spare nodes, which only a {@link Fault.Join} starts. */
  SimulationConfig withSpares(int count) {
    return with(copy -> copy.spares = count);
  }

  /** Range movements stream only what {@code streamed} keeps of their transfers. */
  SimulationConfig withTransfers(UnaryOperator<List<RangeTransfers.Transfer>> streamed) {
    return with(copy -> copy.transfers = streamed);
  }

  /** The same run over a network that mistreats messages as {@code faults} says. */
  SimulationConfig withNetwork(NetworkFaults faults) {
    return with(copy -> copy.network = faults);
  }

  /** This config with every node's clock drifting by up to {@code ppm} either way. */
  SimulationConfig withClockDrift(long ppm) {
    return with(copy -> copy.clockDriftPpmMax = ppm);
  }

  /** Acceptors and proposers follow {@code rules}. */
  SimulationConfig withPaxos(PaxosRules rules) {
    return with(copy -> copy.paxos = rules);
  }

  /** The same run with {@code other} clients. */
  SimulationConfig withWorkload(WorkloadSettings other) {
    return with(copy -> copy.workload = other);
  }

  /** The same run on {@code count} nodes. */
  SimulationConfig withNodes(int count) {
    return with(copy -> copy.nodes = count);
  }

  /** Each node's periodic anti-entropy runs with {@code settings}; interval 0 switches it off. */
  SimulationConfig withAntiEntropy(AntiEntropy.Settings settings) {
    return with(copy -> copy.antiEntropy = settings);
  }

  /** No periodic anti-entropy: the repair phase alone repairs, as a bite proof of it needs. */
  SimulationConfig withoutPeriodicAntiEntropy() {
    AntiEntropy.Settings periodic = antiEntropy;
    return withAntiEntropy(
        new AntiEntropy.Settings(
            0, periodic.bytesPerSecond(), periodic.keysPerLeaf(), periodic.timeoutMillis()));
  }

  private SimulationConfig with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A config's components, one of them to be changed: what the withers above build on. */
  private static final class Copy {
    int nodes;
    final int replicationFactor;
    NetworkFaults network;
    WorkloadSettings workload;
    long clockDriftPpmMax;
    Nemesis nemesis;
    boolean powerCutAtEnd;
    BiFunction<NodeId, RequestHandler, RequestHandler> handlers;
    UnaryOperator<LogStorageOptions> storage;
    BiFunction<NodeId, StorageEngine, StorageEngine> engines;
    RepairPhase repair;
    GossipSettings gossip;
    ReadRepair readRepair;
    HintedHandoff hints;
    AntiEntropy.Settings antiEntropy;
    NewClock newClock;
    UnaryOperator<List<RangeTransfers.Transfer>> transfers;
    int spares;
    PaxosRules paxos;

    Copy(SimulationConfig config) {
      nodes = config.nodes;
      replicationFactor = config.replicationFactor;
      network = config.network;
      workload = config.workload;
      clockDriftPpmMax = config.clockDriftPpmMax;
      nemesis = config.nemesis;
      powerCutAtEnd = config.powerCutAtEnd;
      handlers = config.handlers;
      storage = config.storage;
      engines = config.engines;
      repair = config.repair;
      gossip = config.gossip;
      readRepair = config.readRepair;
      hints = config.hints;
      antiEntropy = config.antiEntropy;
      newClock = config.newClock;
      spares = config.spares;
      transfers = config.transfers;
      paxos = config.paxos;
    }

    SimulationConfig build() {
      return new SimulationConfig(
          nodes,
          replicationFactor,
          network,
          workload,
          clockDriftPpmMax,
          nemesis,
          powerCutAtEnd,
          handlers,
          storage,
          engines,
          repair,
          gossip,
          readRepair,
          hints,
          antiEntropy,
          newClock,
          transfers,
          spares,
          paxos);
    }
  }
}
