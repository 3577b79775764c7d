package io.ringstore.node.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringstore cluster start}: starts the nodes, waits until they serve, says how to use them.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start a local cluster.")
final class ClusterStartCommand implements Callable<Integer> {
  private final LocalCluster cluster;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(names = "--nodes", description = "how many nodes (default 3, at most 9)")
  private int nodes = LocalCluster.NODES_DEFAULT;

  @Option(names = "--base-port", description = "port of the first node; the others follow")
  private int basePort = LocalCluster.BASE_PORT_DEFAULT;

  @Option(names = "--fsync", description = "always (default), interval or never")
  private String fsync = "always";

  @Option(names = "--clean", description = "delete the nodes' data from an earlier run first")
  private boolean clean;

  @Option(
      names = "--jvm-option",
      description = "an extra JVM option for every node, e.g. -XX:+FlightRecorder (repeatable)")
  private List<String> jvmOptions = List.of();

  ClusterStartCommand(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public Integer call() {
    LocalCluster.StartRequest request =
        new LocalCluster.StartRequest(nodes, basePort, fsync, clean, jvmOptions);
    try {
      ClusterState state = cluster.start(request, spec.commandLine().getOut());
      printUsage(state);
      return CommandLine.ExitCode.OK;
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("cluster start: " + e.getMessage());
      return ClientCalls.FAILED;
    }
  }

  private void printUsage(ClusterState state) {
    var out = spec.commandLine().getOut();
    out.println();
    out.println("The cluster serves. Try:");
    out.println("  ./ringstore put hello world");
    out.println("  ./ringstore get hello");
    out.println("  ./ringstore status");
    out.println("  ./ringstore bench --load --duration-seconds 10");
    out.println("  ./ringstore cluster stop");
    out.println("Java clients: RingstoreClient.builder().seeds(\"" + state.seeds().get(0) + "\")");
    out.println("Logs and data: " + state.nodes().get(0).directory().getParent());
    out.flush();
  }
}
