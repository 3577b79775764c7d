package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.wire.ClusterStateResponse;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ringstore status}: learns the ring from the first seed that answers and prints one row per
 * member: node, address, zone, the status it announces (JOINING, NORMAL...), what that seed
 * believes of it (UP, SUSPECT, DOWN) with its phi, and its primary share of the ring. A node too
 * old to answer a cluster state request is pinged instead (UP if it answers within {@code
 * --ping-timeout-millis}).
 *
 * <p>{@code --json} prints the same as one JSON object ({@link Status}) for scripts. The exit code
 * says what a script most often asks: 0 when every member is UP, {@link #NOT_ALL_UP} when some
 * member is SUSPECT or DOWN, 1 when no seed answered.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the cluster.")
final class StatusCommand implements Callable<Integer> {
  /** Exit code when some member is not UP. */
  static final int NOT_ALL_UP = 4;

  /** Default wait for a member's pong. */
  static final long PING_TIMEOUT_MILLIS_DEFAULT = 500;

  private static final String ROW = "%-12s %-22s %-8s %-8s %-8s %6s %7s%n";

  /** Largest phi shown as a number: far past any conviction threshold. */
  static final double PHI_SHOWN_MAX = 99;

  private final CliEnvironment environment;
  private HostPort answeringSeed;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Option(names = "--ping-timeout-millis", description = "wait for each pong (default 500)")
  private long pingTimeoutMillis = PING_TIMEOUT_MILLIS_DEFAULT;

  @Option(names = "--json", description = "print one JSON object instead of the table")
  private boolean json;

  /**
   * What status reports, as {@code --json} prints it.
   *
   * @param ringEpoch the epoch of the ring the answering seed sent
   * @param replicationFactor N
   * @param virtualNodes virtual nodes on the ring
   * @param seenBy the node whose judgements STATE and PHI are, or {@code pings}
   * @param members one per ring member
   */
  record Status(
      long ringEpoch, int replicationFactor, int virtualNodes, String seenBy, List<Row> members) {
    boolean allUp() {
      return members.stream().allMatch(row -> row.state().equals("UP"));
    }
  }

  /**
   * One member: {@code zone} null when it has none, {@code status} as it announces it (or {@code
   * ?}), {@code state} as {@code seenBy} judges it, {@code phi} (null when pinged), {@code owns}
   * its primary share of the ring (0-1).
   */
  record Row(
      String node,
      String address,
      String zone,
      String status,
      String state,
      Double phi,
      double owns) {}

  StatusCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::printStatus);
  }

  private int printStatus() {
    List<HostPort> seeds = client.seeds(environment);
    try (NodeProbe probe = client.probe(environment)) {
      Optional<Ring> ring = probe.firstRing(seeds, client.timeoutMillis);
      if (ring.isEmpty()) {
        spec.commandLine().getErr().println("status: no seed answered: " + seeds);
        return ClientCalls.FAILED;
      }
      Status status = statusOf(probe, ring.get());
      if (json) {
        ClientCalls.printJson(spec, status);
      } else {
        printTable(status);
      }
      return status.allUp() ? CommandLine.ExitCode.OK : NOT_ALL_UP;
    }
  }

  private Status statusOf(NodeProbe probe, Ring ring) {
    Map<NodeId, Double> shares = ring.primaryShares();
    Map<NodeId, ClusterStateResponse.MemberView> views = viewsOfFirstSeed(probe);
    List<Row> rows = new ArrayList<>();
    for (Member member : ring.members()) {
      HostPort address = new HostPort(member.host(), member.port());
      ClusterStateResponse.MemberView view = views.get(member.id());
      rows.add(
          new Row(
              member.id().value(),
              address.toString(),
              member.hasZone() ? member.zone() : null,
              view == null ? "?" : view.status().name(),
              view == null ? pingState(probe, address) : view.state().name(),
              view == null ? null : view.phi(),
              shares.getOrDefault(member.id(), 0.0)));
    }
    return new Status(
        ring.epoch(),
        ring.config().replicationFactor(),
        ring.vnodeCount(),
        answeringSeed == null ? "pings" : answeringSeed.toString(),
        rows);
  }

  private void printTable(Status status) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, ROW, "NODE", "ADDRESS", "ZONE", "STATUS", "STATE", "PHI", "OWNS");
    for (Row row : status.members()) {
      String phi = row.phi() == null ? "-" : phi(row.phi());
      String share = String.format(Locale.ROOT, "%.1f%%", 100 * row.owns());
      out.printf(
          Locale.ROOT,
          ROW,
          row.node(),
          row.address(),
          row.zone() == null ? "-" : row.zone(),
          row.status(),
          row.state(),
          phi,
          share);
    }
    out.printf(
        Locale.ROOT,
        "ring epoch %d, N=%d, %d virtual nodes; STATE and PHI as %s sees them%n",
        status.ringEpoch(),
        status.replicationFactor(),
        status.virtualNodes(),
        status.seenBy());
    out.flush();
  }

  /** Phi with one decimal; past {@link #PHI_SHOWN_MAX} only that it is past it. */
  private static String phi(double phi) {
    return phi > PHI_SHOWN_MAX
        ? ">" + (int) PHI_SHOWN_MAX
        : String.format(Locale.ROOT, "%.1f", phi);
  }

  private String pingState(NodeProbe probe, HostPort address) {
    return probe.answersPing(address, pingTimeoutMillis) ? "UP" : "DOWN";
  }

  /** The member views of the first seed that answers; empty if none does. */
  private Map<NodeId, ClusterStateResponse.MemberView> viewsOfFirstSeed(NodeProbe probe) {
    for (HostPort seed : client.seeds(environment)) {
      Optional<ClusterStateResponse> state = probe.clusterState(seed, client.timeoutMillis);
      if (state.isPresent()) {
        answeringSeed = seed;
        Map<NodeId, ClusterStateResponse.MemberView> views = new HashMap<>();
        state.get().members().forEach(view -> views.put(view.member().id(), view));
        return views;
      }
    }
    return Map.of();
  }
}
