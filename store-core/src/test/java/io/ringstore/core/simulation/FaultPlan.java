package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, drawn from the seed up front and scheduled as events: a partition cut and
 * healed, a wall-clock step on one node, crashes and restarts of random nodes (a crash may lose the
 * disk, at most {@link NodeFaults#diskLossesMax} per run, recorded in the history), as the config
 * allows. Each is logged when it happens; a crash of a node that is down, or a restart of one that
 * is up (two outages overlapped), does nothing. The simulator cancels whatever has not happened
 * when the workload ends.
 */
final class FaultPlan {
  /** Faults start within this much simulated time of the run's start. */
  static final long START_MILLIS_MAX = 400;

  /**
   * Crashes start within this much simulated time, spread over most of a default run's workload
   * (about 20 s with its client timeouts): a crash tests durability only if acknowledged writes
   * come before it, and one late in the run loses writes nothing supersedes afterwards.
   */
  static final long CRASH_START_MILLIS_MAX = 10_000;

  /** A partition or an outage lasts at most this long. */
  static final long DURATION_MILLIS_MAX = 1_000;

  private final Simulator.Parts parts;
  private final SimulationConfig config;
  private final List<EventQueue.Event> scheduled;
  private final History history;

  FaultPlan(
      Simulator.Parts parts,
      SimulationConfig config,
      List<EventQueue.Event> scheduled,
      History history) {
    this.parts = parts;
    this.config = config;
    this.scheduled = scheduled;
    this.history = history;
  }

  void schedule(List<SimulatedNode> nodes, SimulatedNetwork network) {
    if (config.partition() && nodes.size() > 1) {
      partition(nodes, network);
    }
    if (config.clockJumpMillisMax() > 0) {
      SimulatedNode node = pick(nodes);
      long max = config.clockJumpMillisMax();
      long delta = random().nextLong(-max, max + 1);
      at(startMillis(), () -> jump(node, delta));
    }
    NodeFaults nodeFaults = config.nodeFaults();
    int diskLosses = 0;
    for (int i = 0; i < nodeFaults.crashes(); i++) {
      SimulatedNode node = pick(nodes);
      boolean loseDisk =
          diskLosses < nodeFaults.diskLossesMax()
              && random().nextInt(100) < nodeFaults.diskLossPercent();
      diskLosses += loseDisk ? 1 : 0;
      long crashMillis = random().nextLong(CRASH_START_MILLIS_MAX + 1);
      at(crashMillis, () -> crash(node, loseDisk));
      at(crashMillis + durationMillis(), () -> restart(node, network));
    }
  }

  /** Isolates one node both ways, or cuts one link one way; heals everything later. */
  private void partition(List<SimulatedNode> nodes, SimulatedNetwork network) {
    NodeId cut = pick(nodes).id();
    NodeId other = pick(nodes).id();
    boolean oneWay = random().nextBoolean() && !cut.equals(other);
    long startMillis = startMillis();
    at(startMillis, () -> cut(nodes, network, cut, oneWay ? other : null));
    at(startMillis + durationMillis(), network::healAll);
  }

  private static void cut(
      List<SimulatedNode> nodes, SimulatedNetwork network, NodeId cut, NodeId oneWayToOrNull) {
    if (oneWayToOrNull != null) {
      network.block(cut, oneWayToOrNull);
      return;
    }
    for (SimulatedNode node : nodes) {
      if (!node.id().equals(cut)) {
        network.block(cut, node.id());
        network.block(node.id(), cut);
      }
    }
  }

  private void jump(SimulatedNode node, long deltaMillis) {
    parts.log().record(node.id().value(), "wall clock steps " + deltaMillis + " ms");
    node.clock().jumpWall(deltaMillis);
  }

  private void crash(SimulatedNode node, boolean loseDisk) {
    if (!node.isUp()) {
      parts.log().record(node.id().value(), "crash skipped: already down");
      return;
    }
    parts.log().record(node.id().value(), "crash");
    node.crash();
    if (loseDisk) {
      node.loseDisk();
      history.addDiskLoss(new History.DiskLoss(node.id().value(), parts.events().nowNanos()));
    }
  }

  private void restart(SimulatedNode node, SimulatedNetwork network) {
    if (node.isUp()) {
      parts.log().record(node.id().value(), "restart skipped: already up");
      return;
    }
    parts.log().record(node.id().value(), "restart");
    node.start(network);
  }

  private void at(long millis, Runnable fault) {
    scheduled.add(parts.events().schedule(millis * 1_000_000, fault));
  }

  private long startMillis() {
    return random().nextLong(START_MILLIS_MAX + 1);
  }

  private long durationMillis() {
    return 1 + random().nextLong(DURATION_MILLIS_MAX);
  }

  private SimulatedNode pick(List<SimulatedNode> nodes) {
    return nodes.get(random().nextInt(nodes.size()));
  }

  private Random random() {
    return parts.random();
  }
}
