package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.wire.NodeInfoResponse;
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
 * {@code ringstore info}: what each node given by {@code --seeds} (by default every node of the
 * local cluster) says of itself: id, version, uptime, status, ring, storage, load. One block of
 * {@code name value} lines per node; {@code --json} prints one JSON array with an object per node
 * (field names as keys, values as the node wrote them; a node that did not answer has only {@code
 * address} and {@code error}). Exits 0 when every node answered, 1 otherwise.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show what each node says of itself: version, uptime, ring, storage, load.")
final class InfoCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Option(names = "--json", description = "print one JSON array instead of the blocks")
  private boolean json;

  InfoCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::printInfo);
  }

  private int printInfo() {
    List<HostPort> nodes = client.seeds(environment);
    List<Map<String, String>> answers = new ArrayList<>();
    boolean allAnswered = true;
    try (NodeProbe probe = client.probe(environment)) {
      for (HostPort node : nodes) {
        Optional<NodeInfoResponse> info = probe.info(node, client.timeoutMillis);
        allAnswered &= info.isPresent();
        answers.add(info.map(InfoCommand::fieldsOf).orElseGet(() -> silent(node)));
      }
    }
    if (json) {
      ClientCalls.printJson(spec, answers);
    } else {
      printBlocks(answers);
    }
    return allAnswered ? CommandLine.ExitCode.OK : ClientCalls.FAILED;
  }

  private static Map<String, String> fieldsOf(NodeInfoResponse info) {
    Map<String, String> fields = new LinkedHashMap<>();
    info.fields().forEach(field -> fields.put(field.name(), field.value()));
    return fields;
  }

  private static Map<String, String> silent(HostPort node) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("address", node.toString());
    fields.put("error", "did not answer");
    return fields;
  }

  private void printBlocks(List<Map<String, String>> answers) {
    PrintWriter out = spec.commandLine().getOut();
    boolean first = true;
    for (Map<String, String> fields : answers) {
      if (!first) {
        out.println();
      }
      first = false;
      int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
      fields.forEach(
          (name, value) -> out.printf(Locale.ROOT, "%-" + width + "s  %s%n", name, value));
    }
    out.flush();
  }
}
