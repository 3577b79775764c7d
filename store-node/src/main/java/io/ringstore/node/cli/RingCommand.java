package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Ring;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * {@code ringstore ring}: the ring as the first seed that answers holds it: its epoch, N, and per
 * member its virtual nodes (tokens) and primary share; with {@code --key K}, the key's token and
 * the replicas that hold it, in preference order (where to look when one key misbehaves). {@code
 * --json} prints one JSON object ({@link RingView}). Exits 1 when no seed answers.
 */
@Command(
    name = "ring",
    mixinStandardHelpOptions = true,
    description = "Show the ring, or where a key lives (--key).")
final class RingCommand implements Callable<Integer> {
  private static final String ROW = "%-12s %-22s %-8s %8s %7s%n";

  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Option(names = "--key", paramLabel = "KEY", description = "show where KEY (UTF-8) lives")
  private String key;

  @Option(names = "--json", description = "print one JSON object instead of the table")
  private boolean json;

  /**
   * The ring as {@code --json} prints it.
   *
   * @param key the key asked about, with its token and replicas; null without {@code --key}
   */
  record RingView(
      long epoch, int replicationFactor, int virtualNodes, List<MemberView> members, KeyView key) {}

  /** One member: its virtual nodes and the share of the ring it holds as first replica (0-1). */
  record MemberView(String node, String address, String zone, int tokens, double owns) {}

  /** A key's token and its N replicas, first replica first. */
  record KeyView(String key, long token, List<String> replicas) {}

  RingCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::printRing);
  }

  private int printRing() {
    Optional<Ring> ring;
    try (NodeProbe probe = new NodeProbe()) {
      ring = probe.firstRing(client.seeds(environment), client.timeoutMillis);
    }
    if (ring.isEmpty()) {
      spec.commandLine().getErr().println("ring: no seed answered: " + client.seeds(environment));
      return ClientCalls.FAILED;
    }
    RingView view = viewOf(ring.get());
    if (json) {
      ClientCalls.printJson(spec, view);
    } else {
      printTable(view);
    }
    return CommandLine.ExitCode.OK;
  }

  private RingView viewOf(Ring ring) {
    Map<NodeId, Double> shares = ring.primaryShares();
    List<MemberView> members =
        ring.members().stream()
            .map(
                member ->
                    new MemberView(
                        member.id().value(),
                        new HostPort(member.host(), member.port()).toString(),
                        member.hasZone() ? member.zone() : null,
                        ring.tokensOf(member.id()).length,
                        shares.getOrDefault(member.id(), 0.0)))
            .toList();
    return new RingView(
        ring.epoch(),
        ring.config().replicationFactor(),
        ring.vnodeCount(),
        members,
        key == null ? null : keyView(ring));
  }

  private KeyView keyView(Ring ring) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    List<String> replicas =
        ring.preferenceList(bytes).replicas().stream().map(m -> m.id().value()).toList();
    return new KeyView(key, Murmur3Partitioner.INSTANCE.token(bytes), replicas);
  }

  private void printTable(RingView view) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, ROW, "NODE", "ADDRESS", "ZONE", "TOKENS", "OWNS");
    for (MemberView member : view.members()) {
      out.printf(
          Locale.ROOT,
          ROW,
          member.node(),
          member.address(),
          member.zone() == null ? "-" : member.zone(),
          member.tokens(),
          String.format(Locale.ROOT, "%.1f%%", 100 * member.owns()));
    }
    out.printf(
        Locale.ROOT,
        "ring epoch %d, N=%d, %d virtual nodes%n",
        view.epoch(),
        view.replicationFactor(),
        view.virtualNodes());
    if (view.key() != null) {
      out.printf(
          Locale.ROOT,
          "key %s: token %d, replicas %s%n",
          view.key().key(),
          view.key().token(),
          String.join(", ", view.key().replicas()));
    }
    out.flush();
  }
}
