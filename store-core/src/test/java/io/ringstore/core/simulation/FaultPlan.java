package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, drawn from the seed up front and scheduled as events: a partition cut and
 * healed, a wall-clock step on one node, a crash and restart of one node, as the config allows.
 * Each is logged when it happens. The simulator cancels whatever has not happened when the workload
 * ends.
 */
final class FaultPlan {
  /** Faults start within this much simulated time of the run's start. */
  static final long START_MILLIS_MAX = 400;

  /** A partition or an outage lasts at most this long. */
  static final long DURATION_MILLIS_MAX = 1_000;

  private final Simulator.Parts parts;
  private final SimulationConfig config;
  private final List<EventQueue.Event> scheduled;

  FaultPlan(Simulator.Parts parts, SimulationConfig config, List<EventQueue.Event> scheduled) {
    this.parts = parts;
    this.config = config;
    this.scheduled = scheduled;
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
    if (config.crashRestart()) {
      SimulatedNode node = pick(nodes);
      long crashMillis = startMillis();
      at(crashMillis, () -> crash(node));
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

  private void crash(SimulatedNode node) {
    parts.log().record(node.id().value(), "crash");
    node.crash();
  }

  private void restart(SimulatedNode node, SimulatedNetwork network) {
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
