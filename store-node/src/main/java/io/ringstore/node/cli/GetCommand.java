package io.ringstore.node.cli;

import io.ringstore.client.ConditionalResult;
import io.ringstore.client.GetResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringstore get KEY}: prints the value (UTF-8), one line per sibling when there are several;
 * exits 1 if the key has no value. {@code --out FILE} writes the value's bytes, unchanged, to FILE
 * instead (for values that are not text); a key with siblings exits {@link #SIBLINGS} and writes
 * nothing, since one file holds one value.
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Read a key.")
final class GetCommand implements Callable<Integer> {
  /** Exit code for a key with no value. */
  static final int NOT_FOUND = 1;

  /** Exit code of {@code --out} for a key with several values. */
  static final int SIBLINGS = 3;

  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", description = "the key (UTF-8)")
  private String key;

  @Option(names = "--out", paramLabel = "FILE", description = "write the value's bytes to FILE")
  private Path out;

  @Option(
      names = "--serial",
      description =
          "read linearizably (a Paxos round; sees every completed conditional write) and print the"
              + " version for `put --if-version`")
  private boolean serial;

  GetCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if (serial) {
      return ClientCalls.withClient(
          spec,
          client,
          environment,
          ringstore -> printSerial(ringstore.getSerial(key.getBytes(StandardCharsets.UTF_8))));
    }
    return ClientCalls.withClient(
        spec,
        client,
        environment,
        ringstore -> print(ringstore.get(key.getBytes(StandardCharsets.UTF_8))));
  }

  /** The value and its version (to the output file, with {@code --out}), or not found. */
  private int printSerial(ConditionalResult result) {
    if (!result.context().isEmpty()) {
      spec.commandLine().getErr().println("version " + result.context().token());
    }
    if (result.valueOrNull() == null) {
      spec.commandLine().getErr().println("not found: " + key);
      return NOT_FOUND;
    }
    if (out != null) {
      return writeOut(List.of(result.valueOrNull()));
    }
    spec.commandLine().getOut().println(new String(result.valueOrNull(), StandardCharsets.UTF_8));
    return CommandLine.ExitCode.OK;
  }

  private int print(GetResult result) {
    if (!result.exists()) {
      spec.commandLine().getErr().println("not found: " + key);
      return NOT_FOUND;
    }
    List<byte[]> values = result.values();
    if (out != null) {
      return writeOut(values);
    }
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

  private int writeOut(List<byte[]> values) {
    if (values.size() > 1) {
      spec.commandLine()
          .getErr()
          .println(
              "get: "
                  + key
                  + " has "
                  + values.size()
                  + " concurrent values (siblings) and --out writes one: run without --out to see"
                  + " them, then put the one to keep");
      return SIBLINGS;
    }
    try {
      Files.write(out, values.get(0));
      return CommandLine.ExitCode.OK;
    } catch (IOException e) {
      spec.commandLine().getErr().println("get: cannot write the value to " + out + ": " + e);
      return ClientCalls.FAILED;
    }
  }
}
