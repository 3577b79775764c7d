package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.ReadRepair;
import io.ringstore.core.membership.GossipSettings;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import java.util.function.BiFunction;
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
    HintedHandoff hints) {
  /** Most nodes a simulated cluster may have. */
  public static final int NODES_MAX = 64;

  public SimulationConfig {
    if (nodes < 1 || nodes > NODES_MAX || replicationFactor < 1) {
      throw new IllegalArgumentException("nodes must be in [1, " + NODES_MAX + "], N >= 1");
    }
    if (clockDriftPpmMax < 0 || clockDriftPpmMax > NodeClock.DRIFT_PPM_MAX) {
      throw new IllegalArgumentException("clock drift in [0, " + NodeClock.DRIFT_PPM_MAX + "] ppm");
    }
  }

  /**
   * Four nodes (so that every key has a stand-in for hinted handoff), N=3, W=2, R=2, 200
   * operations; 2% duplication and reordering, clocks drifting up to 200 ppm; faults from {@link
   * Nemesis#mixed()}; a power cut when the workload ends; the production storage options; the
   * production read repair and hinted handoff; hint replay and the read sweep as the repair phase.
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
        RepairPhase.HINTS_THEN_READ_SWEEP,
        GossipSettings.defaults(),
        ReadRepair.MISSING_VERSIONS,
        HintedHandoff.PRODUCTION);
  }

  /** The same run with faults drawn by {@code other}. */
  public SimulationConfig withNemesis(Nemesis other) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        clockDriftPpmMax,
        other,
        powerCutAtEnd,
        handlers,
        storage,
        engines,
        repair,
        gossip,
        readRepair,
        hints);
  }

  /** The same run with or without the power cut when the workload ends. */
  public SimulationConfig withPowerCutAtEnd(boolean value) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        clockDriftPpmMax,
        nemesis,
        value,
        handlers,
        storage,
        engines,
        repair,
        gossip,
        readRepair,
        hints);
  }

  /** The same run with {@code other} repairing replicas after the heal. */
  SimulationConfig withRepair(RepairPhase other) {
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
        other,
        gossip,
        readRepair,
        hints);
  }

  /** Wraps request handlers, as a fault decorator does. */
  public SimulationConfig withHandlers(BiFunction<NodeId, RequestHandler, RequestHandler> wrapper) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        clockDriftPpmMax,
        nemesis,
        powerCutAtEnd,
        wrapper,
        storage,
        engines,
        repair,
        gossip,
        readRepair,
        hints);
  }

  /** Adjusts every node's storage options, as a broken engine would. */
  public SimulationConfig withStorage(UnaryOperator<LogStorageOptions> adjust) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        clockDriftPpmMax,
        nemesis,
        powerCutAtEnd,
        handlers,
        adjust,
        engines,
        repair,
        gossip,
        readRepair,
        hints);
  }

  /** Wraps every node's storage engine, as a broken replica would. */
  public SimulationConfig withEngines(BiFunction<NodeId, StorageEngine, StorageEngine> wrapper) {
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
        wrapper,
        repair,
        gossip,
        readRepair,
        hints);
  }

  /** Coordinators repair what their reads find stale as {@code other} says. */
  public SimulationConfig withReadRepair(ReadRepair other) {
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
        other,
        hints);
  }

  /** Runs every node's gossip and failure detector with {@code settings}. */
  public SimulationConfig withGossip(GossipSettings settings) {
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
        settings,
        readRepair,
        hints);
  }

  /** Coordinators hand off and stand-ins replay hints as {@code other} says. */
  SimulationConfig withHints(HintedHandoff other) {
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
        other);
  }

  /** The same run on {@code count} nodes. */
  SimulationConfig withNodes(int count) {
    return new SimulationConfig(
        count,
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
        hints);
  }
}
