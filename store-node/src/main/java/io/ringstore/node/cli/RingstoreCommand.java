package io.ringstore.node.cli;

import io.ringstore.node.admin.NodeInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ringstore}: the top command; every action is a subcommand. */
@Command(
    name = "ringstore",
    mixinStandardHelpOptions = true,
    version = "ringstore " + NodeInfo.VERSION,
    description = "A Dynamo-style key-value store: run a node, a local cluster, or talk to one.")
public final class RingstoreCommand implements Runnable {
  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** The command line with every subcommand, built for {@code environment}. */
  public static CommandLine commandLine(CliEnvironment environment) {
    CommandLine line = new CommandLine(new RingstoreCommand());
    line.addSubcommand("node", new NodeCommand(environment));
    line.addSubcommand("get", new GetCommand(environment));
    line.addSubcommand("put", new PutCommand(environment));
    line.addSubcommand("delete", new DeleteCommand(environment));
    line.addSubcommand("status", new StatusCommand(environment));
    line.addSubcommand("ring", new RingCommand(environment));
    line.addSubcommand("ping", new PingCommand(environment));
    line.addSubcommand("info", new InfoCommand(environment));
    line.addSubcommand("hints", new HintsCommand(environment));
    line.addSubcommand("repair", new RepairCommand(environment));
    line.addSubcommand("decommission", new DecommissionCommand(environment));
    line.addSubcommand("removenode", new RemoveNodeCommand(environment));
    line.addSubcommand("health", new HealthCommand(environment));
    line.addSubcommand(ClusterCommand.commandLine(environment));
    line.addSubcommand(LockCommand.commandLine(environment));
    line.addSubcommand("txn", new TxnCommand(environment));
    line.addSubcommand("bench", new BenchCommand(environment));
    return line;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command, e.g. 'cluster start'");
  }
}
