package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.wire.ClusterStateResponse;
import java.io.PrintWriter;
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
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the cluster.")
final class StatusCommand implements Callable<Integer> {
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

  StatusCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::printStatus);
  }

  private int printStatus() {
    List<HostPort> seeds = client.seeds(environment);
    try (NodeProbe probe = new NodeProbe()) {
      Optional<Ring> ring = firstRing(probe, seeds);
      if (ring.isEmpty()) {
        spec.commandLine().getErr().println("status: no seed answered: " + seeds);
        return ClientCalls.FAILED;
      }
      printTable(probe, ring.get());
      return CommandLine.ExitCode.OK;
    }
  }

  private Optional<Ring> firstRing(NodeProbe probe, List<HostPort> seeds) {
    for (HostPort seed : seeds) {
      Optional<Ring> ring = probe.ring(seed, client.timeoutMillis);
      if (ring.isPresent()) {
        return ring;
      }
    }
    return Optional.empty();
  }

  private void printTable(NodeProbe probe, Ring ring) {
    PrintWriter out = spec.commandLine().getOut();
    Map<NodeId, Double> shares = ring.primaryShares();
    Map<NodeId, ClusterStateResponse.MemberView> views = viewsOfFirstSeed(probe);
    out.printf(Locale.ROOT, ROW, "NODE", "ADDRESS", "ZONE", "STATUS", "STATE", "PHI", "OWNS");
    for (Member member : ring.members()) {
      HostPort address = new HostPort(member.host(), member.port());
      ClusterStateResponse.MemberView view = views.get(member.id());
      String status = view == null ? "?" : view.status().name();
      String state = view == null ? pingState(probe, address) : view.state().name();
      String phi = view == null ? "-" : phi(view.phi());
      String share =
          String.format(Locale.ROOT, "%.1f%%", 100 * shares.getOrDefault(member.id(), 0.0));
      String zone = member.hasZone() ? member.zone() : "-";
      out.printf(Locale.ROOT, ROW, member.id(), address, zone, status, state, phi, share);
    }
    out.printf(
        Locale.ROOT,
        "ring epoch %d, N=%d, %d virtual nodes; STATE and PHI as %s sees them%n",
        ring.epoch(),
        ring.config().replicationFactor(),
        ring.vnodeCount(),
        answeringSeed == null ? "pings" : answeringSeed);
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
