package io.ringstore.node.cli;

import io.ringstore.client.RingstoreClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ringstore delete KEY}: reads the key and deletes what it read (a tombstone superseding
 * every version seen).
 */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a key.")
final class DeleteCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", description = "the key (UTF-8)")
  private String key;

  DeleteCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.withClient(spec, client, environment, this::delete);
  }

  private int delete(RingstoreClient ringstore) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    ringstore.delete(keyBytes, ringstore.get(keyBytes).context());
    spec.commandLine().getOut().println("ok");
    return CommandLine.ExitCode.OK;
  }
}
