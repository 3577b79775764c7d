package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.wire.NodeInfoResponse;
import io.ringstore.node.admin.NodeInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code ringstore hints}: the hints each node holds for others (writes it kept as a stand-in for a
 * replica that was down or unreachable, until that replica takes them): one line per holder and
 * owner with the count, bytes and age of the oldest, and the holder's totals since start (stored,
 * delivered, dropped past the hint window or unreadable, refused at an owner's bound). Exits 0 when
 * every node answered, 1 otherwise.
 */
@Command(
    name = "hints",
    mixinStandardHelpOptions = true,
    description = "Show the hints each node holds for replicas that were unreachable.")
final class HintsCommand implements Callable<Integer> {
  private static final String FORMAT = "%-12s %-12s %8s %12s %10s%n";

  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Option(names = "--json", description = "print one JSON array, an object per holder and owner")
  private boolean json;

  HintsCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  /** One holder's hints for one owner, or its totals when it holds none. */
  record Row(
      String holder, String owner, long hints, long bytes, long oldestMillis, String totals) {}

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::printHints);
  }

  private int printHints() {
    List<Row> rows = new ArrayList<>();
    boolean allAnswered = true;
    try (NodeProbe probe = client.probe(environment)) {
      for (HostPort node : client.seeds(environment)) {
        Optional<NodeInfoResponse> info = probe.info(node, client.timeoutMillis);
        allAnswered &= info.isPresent();
        rows.addAll(info.map(HintsCommand::rowsOf).orElseGet(() -> List.of(silent(node))));
      }
    }
    if (json) {
      ClientCalls.printJson(spec, rows);
    } else {
      printTable(rows);
    }
    return allAnswered ? CommandLine.ExitCode.OK : ClientCalls.FAILED;
  }

  /** The rows of one node's answer: one per owner, or one saying it holds none. */
  static List<Row> rowsOf(NodeInfoResponse info) {
    Map<String, String> fields = new LinkedHashMap<>();
    info.fields().forEach(field -> fields.put(field.name(), field.value()));
    String holder = fields.getOrDefault("node", "?");
    String totals =
        String.format(
            Locale.ROOT,
            "stored %s, delivered %s, dropped %s, refused %s",
            fields.getOrDefault("hints_stored", "?"),
            fields.getOrDefault("hints_delivered", "?"),
            fields.getOrDefault("hints_dropped", "?"),
            fields.getOrDefault("hints_refused", "?"));
    List<Row> rows = new ArrayList<>();
    fields.forEach(
        (name, value) -> {
          if (name.startsWith(NodeInfo.HINTS_FOR)) {
            Map<String, Long> numbers = numbersOf(value);
            rows.add(
                new Row(
                    holder,
                    name.substring(NodeInfo.HINTS_FOR.length()),
                    numbers.getOrDefault("hints", 0L),
                    numbers.getOrDefault("bytes", 0L),
                    numbers.getOrDefault("oldest_ms", 0L),
                    totals));
          }
        });
    if (rows.isEmpty()) {
      rows.add(new Row(holder, "-", 0, 0, 0, totals));
    }
    return rows;
  }

  /** {@code a=1 b=2} as a map; words that are not {@code name=number} are skipped. */
  private static Map<String, Long> numbersOf(String value) {
    Map<String, Long> numbers = new LinkedHashMap<>();
    for (String word : value.split(" ")) {
      int equals = word.indexOf('=');
      if (equals > 0) {
        try {
          numbers.put(word.substring(0, equals), Long.parseLong(word.substring(equals + 1)));
        } catch (NumberFormatException notANumber) {
          // a field a newer node added; shown as absent
        }
      }
    }
    return numbers;
  }

  private static Row silent(HostPort node) {
    return new Row(node.toString(), "-", 0, 0, 0, "did not answer");
  }

  private void printTable(List<Row> rows) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, FORMAT, "HOLDER", "FOR", "HINTS", "BYTES", "OLDEST");
    for (Row row : rows) {
      out.printf(
          Locale.ROOT,
          FORMAT,
          row.holder(),
          row.owner(),
          row.hints(),
          row.bytes(),
          row.hints() == 0 ? "-" : (row.oldestMillis() / 1000) + " s");
    }
    out.println();
    rows.stream().map(row -> row.holder() + ": " + row.totals()).distinct().forEach(out::println);
    out.flush();
  }
}
