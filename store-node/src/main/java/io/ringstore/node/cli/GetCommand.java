package io.ringstore.node.cli;

import io.ringstore.client.GetResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ringstore get KEY}: prints the value (UTF-8), one line per sibling when there are several;
 * exits 1 if the key has no value.
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Read a key.")
final class GetCommand implements Callable<Integer> {
  /** Exit code for a key with no value. */
  static final int NOT_FOUND = 1;

  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", description = "the key (UTF-8)")
  private String key;

  GetCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    return ClientCalls.withClient(
        spec,
        client,
        environment,
        ringstore -> print(ringstore.get(key.getBytes(StandardCharsets.UTF_8))));
  }

  private int print(GetResult result) {
    if (!result.exists()) {
      spec.commandLine().getErr().println("not found: " + key);
      return NOT_FOUND;
    }
    List<byte[]> values = result.values();
    if (values.size() == 1) {
      spec.commandLine().getOut().println(new String(values.get(0), StandardCharsets.UTF_8));
      return CommandLine.ExitCode.OK;
    }
    for (int i = 0; i < values.size(); i++) {
      String value = new String(values.get(i), StandardCharsets.UTF_8);
      spec.commandLine().getOut().println("sibling " + (i + 1) + ": " + value);
    }
    return CommandLine.ExitCode.OK;
  }
}
