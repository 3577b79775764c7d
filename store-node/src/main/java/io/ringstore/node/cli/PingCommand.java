package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ringstore ping}: asks each node of {@code --seeds} (by default the local cluster's) for a
 * pong and prints {@code host:port UP} or {@code DOWN}; exits 0 when every one answered within
 * {@code --timeout-millis}, 1 otherwise. It touches no data and needs no ring, which makes it the
 * container health check (a node that serves at all answers it).
 */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = "Check that nodes answer; exit 0 when all do.")
final class PingCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  PingCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::pingAll);
  }

  private int pingAll() {
    List<HostPort> nodes = client.seeds(environment);
    PrintWriter out = spec.commandLine().getOut();
    boolean allAnswered = true;
    try (NodeProbe probe = client.probe(environment)) {
      for (HostPort node : nodes) {
        boolean answered = probe.answersPing(node, client.timeoutMillis);
        out.println(node + (answered ? " UP" : " DOWN"));
        allAnswered &= answered;
      }
    }
    out.flush();
    return allAnswered ? CommandLine.ExitCode.OK : ClientCalls.FAILED;
  }
}
