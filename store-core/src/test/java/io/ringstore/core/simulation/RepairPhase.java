package io.ringstore.core.simulation;

import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.GetRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the simulator runs after the faults stopped and the cluster settled, before it reads every
 * replica for the {@link ConvergenceChecker}: where hint replay, read repair and Merkle
 * anti-entropy plug in. It may send messages and set timers; it calls {@code done} when the repair
 * it started has finished.
 */
@FunctionalInterface
interface RepairPhase {
  /** No repair: replicas stay as the workload and the faults left them. */
  RepairPhase NONE = (nodes, keys, events, done) -> done.run();

  /**
   * Reads every key the workload touched at consistency ALL through the coordinators in turn, so
   * that their read repair writes each key's reconciled versions to every replica that lacks them;
   * then lets the repair writes land ({@link Simulator#SETTLE_MILLIS}) before {@code done}.
   */
  RepairPhase READ_SWEEP = RepairPhase::readSweep;

  /** A read's timeout in the sweep: every node is up and the network healed by now. */
  int SWEEP_READ_TIMEOUT_MILLIS = 2_000;

  void run(List<SimulatedNode> nodes, List<String> keys, EventQueue events, Runnable done);

  private static void readSweep(
      List<SimulatedNode> nodes, List<String> keys, EventQueue events, Runnable done) {
    readFrom(0, nodes, keys, events, done);
  }

  /** Reads key {@code index} through node {@code index mod n}, then the next key. */
  private static void readFrom(
      int index, List<SimulatedNode> nodes, List<String> keys, EventQueue events, Runnable done) {
    if (index == keys.size()) {
      events.schedule(TimeUnit.MILLISECONDS.toNanos(Simulator.SETTLE_MILLIS), done);
      return;
    }
    SimulatedNode coordinator = nodes.get(index % nodes.size());
    byte[] key = keys.get(index).getBytes(StandardCharsets.UTF_8);
    coordinator
        .handler()
        .handle(
            null,
            new GetRequest(key, Consistency.all(), SWEEP_READ_TIMEOUT_MILLIS),
            response -> readFrom(index + 1, nodes, keys, events, done));
  }
}
