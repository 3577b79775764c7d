package io.ringstore.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ringstore cluster stop}: stops exactly the processes {@code start} recorded. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the local cluster.")
final class ClusterStopCommand implements Callable<Integer> {
  private final LocalCluster cluster;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  ClusterStopCommand(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public Integer call() {
    cluster.stop(spec.commandLine().getOut());
    return CommandLine.ExitCode.OK;
  }
}
