package io.ringstore.core.simulation;

import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.RepairStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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

  /**
   * Waits until every node's hints are replayed (their stores are empty), polling every {@link
   * #HINT_POLL_MILLIS}, at most {@link #HINT_DRAIN_MILLIS_MAX}: hints left then stay, and the
   * convergence checker judges what they did not deliver.
   */
  RepairPhase HINT_REPLAY = RepairPhase::awaitHints;

  /** Hint replay, then the read sweep. */
  RepairPhase HINTS_THEN_READ_SWEEP =
      (nodes, keys, events, done) ->
          awaitHints(nodes, keys, events, () -> readSweep(nodes, keys, events, done));

  /** Production's anti-entropy, run on every node in turn ({@link #antiEntropy}). */
  RepairPhase ANTI_ENTROPY = antiEntropy(AntiEntropy.Walk.ALL);

  /** Hint replay, then anti-entropy on every node: what every run of the simulator repairs with. */
  RepairPhase HINTS_THEN_ANTI_ENTROPY =
      (nodes, keys, events, done) ->
          awaitHints(nodes, keys, events, () -> ANTI_ENTROPY.run(nodes, keys, events, done));

  /** Longest the anti-entropy phase waits for every node to believe every other up. */
  long ALL_UP_WAIT_MILLIS_MAX = 30_000;

  /** Longest one node's anti-entropy run may take before the phase goes on without it. */
  long ANTI_ENTROPY_RUN_MILLIS_MAX = 120_000;

  /** How often the hint phase looks at the stores. */
  long HINT_POLL_MILLIS = 100;

  /** Longest the hint phase waits for the stores to empty. */
  long HINT_DRAIN_MILLIS_MAX = 30_000;

  /** A read's timeout in the sweep: every node is up and the network healed by now. */
  int SWEEP_READ_TIMEOUT_MILLIS = 2_000;

  void run(List<SimulatedNode> nodes, List<String> keys, EventQueue events, Runnable done);

  /**
   * Once every node believes every other up (or {@link #ALL_UP_WAIT_MILLIS_MAX} passed), each node
   * in turn runs a full anti-entropy repair that syncs the leaves {@code walk} picks, comparing
   * every range it replicates with each other replica, and the next starts when it finished. After
   * the last, every replica has exchanged differences with every other of each range since the
   * faults stopped, so replicas converge if anti-entropy is right.
   */
  static RepairPhase antiEntropy(AntiEntropy.Walk walk) {
    return (nodes, keys, events, done) -> {
      long deadlineNanos =
          events.nowNanos() + TimeUnit.MILLISECONDS.toNanos(ALL_UP_WAIT_MILLIS_MAX);
      awaitAllUp(nodes, events, deadlineNanos, () -> repairFrom(0, walk, nodes, events, done));
    };
  }

  private static void awaitAllUp(
      List<SimulatedNode> nodes, EventQueue events, long deadlineNanos, Runnable then) {
    boolean allUp =
        nodes.stream().allMatch(node -> node.isUp() && node.membership().states().allUp());
    if (allUp || events.nowNanos() >= deadlineNanos) {
      then.run();
      return;
    }
    events.schedule(
        TimeUnit.MILLISECONDS.toNanos(HINT_POLL_MILLIS),
        () -> awaitAllUp(nodes, events, deadlineNanos, then));
  }

  private static void repairFrom(
      int index,
      AntiEntropy.Walk walk,
      List<SimulatedNode> nodes,
      EventQueue events,
      Runnable done) {
    if (index == nodes.size()) {
      events.schedule(TimeUnit.MILLISECONDS.toNanos(Simulator.SETTLE_MILLIS), done);
      return;
    }
    SimulatedNode node = nodes.get(index);
    Runnable next = () -> repairFrom(index + 1, walk, nodes, events, done);
    if (!node.isUp()) {
      next.run();
      return;
    }
    AntiEntropy run =
        node.antiEntropyWalking(
            walk,
            new AntiEntropy.Settings(
                0,
                SimulatedNode.ANTI_ENTROPY.bytesPerSecond(),
                SimulatedNode.ANTI_ENTROPY.keysPerLeaf(),
                SimulatedNode.ANTI_ENTROPY.timeoutMillis()));
    run.repair();
    long deadlineNanos =
        events.nowNanos() + TimeUnit.MILLISECONDS.toNanos(ANTI_ENTROPY_RUN_MILLIS_MAX);
    awaitRun(node, run, events, deadlineNanos, next);
  }

  /** Waits for the node's run to end, logs what it did, then {@code then}. */
  private static void awaitRun(
      SimulatedNode node, AntiEntropy run, EventQueue events, long deadlineNanos, Runnable then) {
    if (!run.running() || events.nowNanos() >= deadlineNanos) {
      RepairStatus status = run.status();
      node.record(
          String.format(
              Locale.ROOT,
              "anti-entropy: %d keys received, %d sent, %d ranges compared, %d failed%s",
              status.keysReceived(),
              status.keysSent(),
              status.rangesDone(),
              status.rangesFailed(),
              status.running() ? " (still running)" : ""));
      then.run();
      return;
    }
    events.schedule(
        TimeUnit.MILLISECONDS.toNanos(HINT_POLL_MILLIS),
        () -> awaitRun(node, run, events, deadlineNanos, then));
  }

  private static void awaitHints(
      List<SimulatedNode> nodes, List<String> keys, EventQueue events, Runnable done) {
    long deadlineNanos = events.nowNanos() + TimeUnit.MILLISECONDS.toNanos(HINT_DRAIN_MILLIS_MAX);
    pollHints(nodes, events, deadlineNanos, done);
  }

  private static void pollHints(
      List<SimulatedNode> nodes, EventQueue events, long deadlineNanos, Runnable done) {
    boolean drained = nodes.stream().allMatch(node -> !node.isUp() || node.hints().size() == 0);
    if (drained || events.nowNanos() >= deadlineNanos) {
      done.run();
      return;
    }
    events.schedule(
        TimeUnit.MILLISECONDS.toNanos(HINT_POLL_MILLIS),
        () -> pollHints(nodes, events, deadlineNanos, done));
  }

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
