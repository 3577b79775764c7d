package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import java.util.function.BiFunction;

/**
 * What one simulated run looks like; the seed decides everything else.
 *
 * @param nodes cluster size
 * @param replicationFactor N
 * @param network latency, loss and duplication before any fault changes them
 * @param workload the clients
 * @param clockDriftPpmMax each node's clock drifts by a random amount up to this, either way
 * @param nemesis draws the run's {@link FaultSchedule}
 * @param handlers wraps each node's request handler: identity, or a deliberately broken variant
 * @param repair what runs after the faults stop, before replicas are compared
 */
public record SimulationConfig(
    int nodes,
    int replicationFactor,
    NetworkFaults network,
    WorkloadSettings workload,
    long clockDriftPpmMax,
    Nemesis nemesis,
    BiFunction<NodeId, RequestHandler, RequestHandler> handlers,
    RepairPhase repair) {
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
   * Three nodes, N=3, W=2, R=2, 200 operations; 2% duplication and reordering, clocks drifting up
   * to 200 ppm; faults from {@link Nemesis#mixed()}; no repair.
   */
  public static SimulationConfig defaults() {
    return new SimulationConfig(
        3,
        3,
        NetworkFaults.reliable().withLoss(0, 0.02),
        WorkloadSettings.defaults(),
        200,
        Nemesis.mixed(),
        (node, handler) -> handler,
        RepairPhase.NONE);
  }

  /** The same run with faults drawn by {@code other}. */
  public SimulationConfig withNemesis(Nemesis other) {
    return new SimulationConfig(
        nodes, replicationFactor, network, workload, clockDriftPpmMax, other, handlers, repair);
  }

  /** The same run with {@code other} repairing replicas after the heal. */
  SimulationConfig withRepair(RepairPhase other) {
    return new SimulationConfig(
        nodes, replicationFactor, network, workload, clockDriftPpmMax, nemesis, handlers, other);
  }

  /** Wraps request handlers, as a fault decorator does. */
  public SimulationConfig withHandlers(BiFunction<NodeId, RequestHandler, RequestHandler> wrapper) {
    return new SimulationConfig(
        nodes, replicationFactor, network, workload, clockDriftPpmMax, nemesis, wrapper, repair);
  }
}
