package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.storage.log.LogStorageOptions;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

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
 * @param nodeFaults crashes (the disk keeps only what was forced) and restarts, and lost disks
 * @param handlers wraps each node's request handler: identity, or a deliberately broken variant
 * @param storage adjusts each node's storage engine options: identity, or a broken variant
 */
public record SimulationConfig(
    int nodes,
    int replicationFactor,
    NetworkFaults network,
    WorkloadSettings workload,
    boolean partition,
    long clockDriftPpmMax,
    long clockJumpMillisMax,
    NodeFaults nodeFaults,
    BiFunction<NodeId, RequestHandler, RequestHandler> handlers,
    UnaryOperator<LogStorageOptions> storage) {
  /** Most nodes a simulated cluster may have. */
  public static final int NODES_MAX = 64;

  /**
   * Crashes per run by default: three, so that every replica of a write may crash before the
   * workload supersedes it (N=3: a write that two replicas lost usually lives on the third).
   */
  public static final int CRASHES_DEFAULT = 3;

  /** Odds by default that a crash loses the node's disk. */
  public static final int DISK_LOSS_PERCENT_DEFAULT = 25;

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
   * mid-run, clocks drifting up to 200 ppm; {@link #CRASHES_DEFAULT} crashes and restarts, each
   * losing its disk with {@link #DISK_LOSS_PERCENT_DEFAULT}% odds, at most N-W=1 disk per run; no
   * clock steps.
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
        NodeFaults.crashes(CRASHES_DEFAULT).withDiskLoss(DISK_LOSS_PERCENT_DEFAULT, 1),
        (node, handler) -> handler,
        options -> options);
  }

  /** Adds one wall-clock step of up to {@code jumpMillisMax}, besides the default crashes. */
  public SimulationConfig withClockJumps(long jumpMillisMax) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        partition,
        clockDriftPpmMax,
        jumpMillisMax,
        nodeFaults,
        handlers,
        storage);
  }

  /** Replaces the crashes and disk losses. */
  public SimulationConfig withNodeFaults(NodeFaults value) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        partition,
        clockDriftPpmMax,
        clockJumpMillisMax,
        value,
        handlers,
        storage);
  }

  /** Adjusts every node's storage options, as a broken engine would. */
  public SimulationConfig withStorage(UnaryOperator<LogStorageOptions> adjust) {
    return new SimulationConfig(
        nodes,
        replicationFactor,
        network,
        workload,
        partition,
        clockDriftPpmMax,
        clockJumpMillisMax,
        nodeFaults,
        handlers,
        adjust);
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
        nodeFaults,
        wrapper,
        storage);
  }
}
