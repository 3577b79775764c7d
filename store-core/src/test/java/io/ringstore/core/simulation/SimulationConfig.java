package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import java.util.function.BiFunction;

/**
 * What one simulated run looks like; the seed decides everything else.
 *
 * @param nodes cluster size
 * @param replicationFactor N
 * @param network latency, loss and duplication while the workload runs
 * @param workload the clients
 * @param partition whether to cut links once (one node isolated, or one link one way) and heal
 * @param clockDriftPpmMax each node's clock drifts by a random amount up to this, either way
 * @param clockJumpMillisMax if positive, one node's wall clock steps once by up to this, either way
 * @param crashRestart whether to crash one node once and restart it over the same storage
 * @param handlers wraps each node's request handler: identity, or a deliberately broken variant
 */
public record SimulationConfig(
    int nodes,
    int replicationFactor,
    NetworkFaults network,
    WorkloadSettings workload,
    boolean partition,
    long clockDriftPpmMax,
    long clockJumpMillisMax,
    boolean crashRestart,
    BiFunction<NodeId, RequestHandler, RequestHandler> handlers) {
  /** Most nodes a simulated cluster may have. */
  public static final int NODES_MAX = 64;

  public SimulationConfig {
    if (nodes < 1 || nodes > NODES_MAX || replicationFactor < 1) {
      throw new IllegalArgumentException("nodes must be in [1, " + NODES_MAX + "], N >= 1");
    }
    if (clockDriftPpmMax < 0
        || clockDriftPpmMax > NodeClock.DRIFT_PPM_MAX
        || clockJumpMillisMax < 0) {
      throw new IllegalArgumentException("clock drift in [0, " + NodeClock.DRIFT_PPM_MAX + "] ppm");
    }
  }

  /**
   * Three nodes, N=3, W=2, R=2, 200 operations; 5% loss, 2% duplication, one partition healed
   * mid-run, clocks drifting up to 200 ppm; no crashes, no clock steps.
   */
  public static SimulationConfig defaults() {
    return new SimulationConfig(
        3,
        3,
        NetworkFaults.reliable().withLoss(0.05, 0.02),
        WorkloadSettings.defaults(),
        true,
        200,
        0,
        false,
        (node, handler) -> handler);
  }

  /** Adds one crash and restart and one wall-clock step of up to {@code jumpMillisMax}. */
  public SimulationConfig withCrashesAndClockJumps(long jumpMillisMax) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        partition,
        clockDriftPpmMax,
        jumpMillisMax,
        true,
        handlers);
  }

  /** Wraps request handlers, as a fault decorator does. */
  public SimulationConfig withHandlers(BiFunction<NodeId, RequestHandler, RequestHandler> wrapper) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        partition,
        clockDriftPpmMax,
        clockJumpMillisMax,
        crashRestart,
        wrapper);
  }
}
