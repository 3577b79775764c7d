package io.ringstore.node.cli;

import io.ringstore.core.ring.Ring;
import io.ringstore.node.admin.RingDescription;
import java.io.PrintWriter;
import java.util.Locale;
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
 * --json} prints one JSON object ({@link RingDescription}). Exits 1 when no seed answers.
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

  RingCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::printRing);
  }

  private int printRing() {
    Optional<Ring> ring;
    try (NodeProbe probe = client.probe(environment)) {
      ring = probe.firstRing(client.seeds(environment), client.timeoutMillis);
    }
    if (ring.isEmpty()) {
      spec.commandLine().getErr().println("ring: no seed answered: " + client.seeds(environment));
      return ClientCalls.FAILED;
    }
    RingDescription view = RingDescription.of(ring.get(), key);
    if (json) {
      ClientCalls.printJson(spec, view);
    } else {
      printTable(view);
    }
    return CommandLine.ExitCode.OK;
  }

  private void printTable(RingDescription view) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, ROW, "NODE", "ADDRESS", "ZONE", "TOKENS", "OWNS");
    for (RingDescription.MemberView member : view.members()) {
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
