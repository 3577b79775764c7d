package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Response;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ringstore removenode ID}: takes a dead node off the ring. The first seed that answers
 * gossips it as REMOVED; each node that gains some of its ranges then syncs them from their other
 * replicas (see its log, or {@code ringstore repair --node N} for the stream's progress), so the
 * replication factor is whole again. Refused, with the reason, while the node is not DOWN (a live
 * node leaves by {@code ringstore decommission}) or when the ring would keep fewer than N members.
 * Exit 0 once removed, 1 if refused or no seed answered.
 */
@Command(
    name = "removenode",
    mixinStandardHelpOptions = true,
    description = "Take a dead node off the ring; the survivors re-replicate its ranges.")
final class RemoveNodeCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", description = "the id of the dead node, e.g. node-3")
  private String node;

  RemoveNodeCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.run(spec, this::remove);
  }

  private int remove() {
    PrintWriter out = spec.commandLine().getOut();
    NodeId removed = NodeId.of(node);
    try (NodeProbe probe = client.probe(environment)) {
      for (HostPort seed : client.seeds(environment)) {
        Optional<Response> answer = probe.removeNode(seed, removed, client.timeoutMillis);
        if (answer.isEmpty()) {
          continue;
        }
        if (answer.get() instanceof ErrorResponse refused) {
          out.printf(Locale.ROOT, "%s: not removed: %s%n", node, refused.message());
          out.flush();
          return ClientCalls.FAILED;
        }
        if (answer.get() instanceof ClusterStateResponse) {
          out.printf(
              Locale.ROOT,
              "%s: REMOVED (by %s); the nodes that gained its ranges sync them now%n",
              node,
              seed);
          out.flush();
          return CommandLine.ExitCode.OK;
        }
      }
      out.printf(Locale.ROOT, "no seed answered %s%n", client.seeds(environment));
      out.flush();
      return ClientCalls.FAILED;
    }
  }
}
