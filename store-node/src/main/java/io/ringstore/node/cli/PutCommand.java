package io.ringstore.node.cli;

import io.ringstore.client.RingstoreClient;
import io.ringstore.client.VersionContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringstore put KEY VALUE}: reads the key first and writes with its context, so the new
 * value supersedes every version read (siblings included); {@code --blind} skips the read, which
 * makes the value a sibling of whatever the key held (unless the same coordinator wrote that with
 * an equal clock: see the pitfall in {@code Coordinator}).
 */
@Command(name = "put", mixinStandardHelpOptions = true, description = "Write a key.")
final class PutCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", description = "the key (UTF-8)")
  private String key;

  @Parameters(index = "1", description = "the value (UTF-8)")
  private String value;

  @Option(names = "--blind", description = "write without reading first (may make siblings)")
  private boolean blind;

  PutCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.withClient(spec, client, environment, this::put);
  }

  private int put(RingstoreClient ringstore) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    VersionContext context = blind ? VersionContext.empty() : ringstore.get(keyBytes).context();
    ringstore.put(keyBytes, value.getBytes(StandardCharsets.UTF_8), context);
    spec.commandLine().getOut().println("ok");
    return CommandLine.ExitCode.OK;
  }
}
