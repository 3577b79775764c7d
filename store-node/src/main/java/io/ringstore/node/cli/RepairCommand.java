package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.wire.RepairStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ringstore repair [--node ID] [--wait]}: starts anti-entropy on one node (or on every node
 * of the ring, one after another with {@code --wait}): the node compares every range it replicates
 * with each other replica by Merkle trees and streams the keys that differ, both ways. It is how a
 * node whose data directory was lost gets its data back. With {@code --wait} a progress line
 * follows the run (ranges done, keys compared and streamed, rate, time left) until it ends; the
 * exit code is 0 when every range was compared, 1 when a node did not answer or a range failed (the
 * last reason is printed).
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = "Compare replicas by Merkle trees and stream what differs (anti-entropy).")
final class RepairCommand implements Callable<Integer> {
  /** How often {@code --wait} asks for progress. */
  static final long POLL_MILLIS = 1_000;

  private static final int BAR_WIDTH = 24;

  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Option(names = "--node", description = "the node to repair (default: every node of the ring)")
  private String node;

  @Option(names = "--wait", description = "follow the run with a progress line until it ends")
  private boolean await;

  @Option(
      names = "--wait-seconds",
      description = "with --wait: give up after this long (default 3600)")
  private long waitSeconds = 3_600;

  RepairCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::repair);
  }

  private int repair() {
    try (NodeProbe probe = client.probe(environment)) {
      Map<NodeId, HostPort> targets = targets(probe);
      boolean clean = true;
      for (Map.Entry<NodeId, HostPort> target : targets.entrySet()) {
        clean &= repairOne(probe, target.getKey(), target.getValue());
      }
      return clean ? CommandLine.ExitCode.OK : ClientCalls.FAILED;
    }
  }

  /** The nodes to repair, by id, with their addresses, from the ring a seed serves. */
  private Map<NodeId, HostPort> targets(NodeProbe probe) {
    Ring ring = probe.requireRing(client.seeds(environment), client.timeoutMillis);
    Map<NodeId, HostPort> targets = new LinkedHashMap<>();
    for (Member member : ring.members()) {
      if (node == null || member.id().value().equals(node)) {
        targets.put(member.id(), new HostPort(member.host(), member.port()));
      }
    }
    if (targets.isEmpty()) {
      List<String> ids = new ArrayList<>();
      ring.members().forEach(member -> ids.add(member.id().value()));
      throw new IllegalArgumentException(
          "--node " + node + " is not on the ring; its members are " + ids);
    }
    return targets;
  }

  /** Starts the node's repair and, with --wait, follows it; whether it answered and ended clean. */
  private boolean repairOne(NodeProbe probe, NodeId id, HostPort address) {
    PrintWriter out = spec.commandLine().getOut();
    Optional<RepairStatus> started = probe.repair(address, true, client.timeoutMillis);
    if (started.isEmpty()) {
      out.printf(Locale.ROOT, "%s (%s): did not answer%n", id, address);
      out.flush();
      return false;
    }
    out.printf(Locale.ROOT, "%s: repair started%n", id);
    if (!await) {
      out.flush();
      return true;
    }
    RepairStatus status = started.get();
    long deadlineNanos =
        environment.clock().monotonicNanos() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (status.running()) {
      out.println(progressLine(id, status));
      out.flush();
      if (environment.clock().monotonicNanos() > deadlineNanos) {
        out.printf(Locale.ROOT, "%s: still running after %d s; stopped waiting%n", id, waitSeconds);
        return false;
      }
      ClientCalls.pause(POLL_MILLIS);
      Optional<RepairStatus> now = probe.repair(address, false, client.timeoutMillis);
      if (now.isEmpty()) {
        out.printf(Locale.ROOT, "%s: stopped answering during its repair%n", id);
        return false;
      }
      status = now.get();
    }
    out.println(progressLine(id, status));
    out.println(summary(id, status));
    out.flush();
    return status.rangesFailed() == 0;
  }

  /**
   * One line of progress: a bar of the ranges compared, keys compared and streamed, the rate so far
   * and, from it, the time left.
   */
  static String progressLine(NodeId id, RepairStatus status) {
    int finished = status.rangesDone() + status.rangesFailed();
    int total = Math.max(1, status.rangesTotal());
    int filled = (int) ((long) BAR_WIDTH * finished / total);
    String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
    double seconds = Math.max(0.001, status.elapsedMillis() / 1000.0);
    double mibPerSecond = status.bytesStreamed() / seconds / (1 << 20);
    String left =
        finished == 0 || !status.running()
            ? "-"
            : String.format(
                Locale.ROOT, "%.0f s", seconds * (status.rangesTotal() - finished) / finished);
    return String.format(
        Locale.ROOT,
        "%s [%s] %d/%d ranges, %,d keys compared, %,d received, %,d sent, %.1f MiB/s, %s left",
        id,
        bar,
        finished,
        status.rangesTotal(),
        status.keysCompared(),
        status.keysReceived(),
        status.keysSent(),
        mibPerSecond,
        left);
  }

  static String summary(NodeId id, RepairStatus status) {
    String line =
        String.format(
            Locale.ROOT,
            "%s: repair %s in %.1f s: %d of %d ranges compared, %d failed; %,d keys received,"
                + " %,d sent, %,d bytes streamed",
            id,
            status.rangesFailed() == 0 ? "finished" : "finished with failures",
            status.elapsedMillis() / 1000.0,
            status.rangesDone(),
            status.rangesTotal(),
            status.rangesFailed(),
            status.keysReceived(),
            status.keysSent(),
            status.bytesStreamed());
    return status.lastFailure().isEmpty()
        ? line
        : line + "\n  last failure: " + status.lastFailure();
  }
}
