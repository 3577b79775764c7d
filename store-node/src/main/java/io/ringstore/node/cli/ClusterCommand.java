package io.ringstore.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ringstore cluster start|stop|add}: a local cluster of node processes on 127.0.0.x. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Start or stop a local cluster of node processes on 127.0.0.1.")
final class ClusterCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  static CommandLine commandLine(CliEnvironment environment) {
    CommandLine line = new CommandLine(new ClusterCommand());
    line.addSubcommand("start", new ClusterStartCommand(new LocalCluster(environment)));
    line.addSubcommand("stop", new ClusterStopCommand(new LocalCluster(environment)));
    line.addSubcommand("add", new ClusterAddCommand(new LocalCluster(environment)));
    return line;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say 'start', 'stop' or 'add'");
  }
}
