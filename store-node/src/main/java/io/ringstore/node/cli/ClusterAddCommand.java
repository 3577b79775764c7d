package io.ringstore.node.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ringstore cluster add}: starts one more node beside the running local cluster; it joins
 * the ring and, on a ring of N or more, receives its ranges before it serves them ({@code ringstore
 * status} shows it JOINING, then NORMAL).
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = "Start one more node that joins the running local cluster.")
final class ClusterAddCommand implements Callable<Integer> {
  private final LocalCluster cluster;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Option(names = "--fsync", description = "always (default), interval or never")
  private String fsync = "always";

  @Option(
      names = "--jvm-option",
      description = "an extra JVM option for the node, e.g. -Xmx256m (repeatable)")
  private List<String> jvmOptions = List.of();

  ClusterAddCommand(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public Integer call() {
    try {
      cluster.add(fsync, jvmOptions, spec.commandLine().getOut());
      return CommandLine.ExitCode.OK;
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("cluster add: " + e.getMessage());
      return ClientCalls.FAILED;
    }
  }
}
