package io.ringstore.node.cli;

import io.ringstore.client.ConditionalResult;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.VersionContext;
import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.WireLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringstore put KEY VALUE} or {@code ringstore put KEY --value-file FILE}: reads the key
 * first and writes with its context, so the new value supersedes every version read (siblings
 * included); {@code --blind} skips the read, which makes the value a sibling of whatever the key
 * held (unless the same coordinator wrote that with an equal clock: see the pitfall in {@code
 * Coordinator}). A value from the command line is UTF-8 text; {@code --value-file} takes any bytes,
 * from a file or, for {@code -}, standard input (as {@code redis-cli -x} does), up to the largest
 * value a node accepts: a large value cannot pass through a shell argument.
 */
@Command(name = "put", mixinStandardHelpOptions = true, description = "Write a key.")
final class PutCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Parameters(index = "0", description = "the key (UTF-8)")
  private String key;

  @Parameters(index = "1", arity = "0..1", description = "the value (UTF-8)")
  private String value;

  @Option(
      names = "--value-file",
      paramLabel = "FILE",
      description = "read the value's bytes from FILE; - reads standard input")
  private String valueFile;

  @Option(names = "--blind", description = "write without reading first (may make siblings)")
  private boolean blind;

  @CommandLine.ArgGroup(exclusive = true)
  private Condition condition;

  /** At most one condition: each makes the put a linearizable conditional write. */
  static final class Condition {
    @Option(
        names = "--if-absent",
        description = "write only if the key has no value (linearizable, by Paxos)")
    boolean ifAbsent;

    @Option(
        names = "--if-version",
        paramLabel = "VERSION",
        description = "write only if the key's version is VERSION, as `get --serial` prints it")
    String ifVersion;

    @Option(
        names = "--if-value",
        paramLabel = "EXPECTED",
        description = "write only if the key's value is EXPECTED (UTF-8): compare-and-set")
    String ifValue;

    @Option(
        names = "--fence",
        paramLabel = "LOCK:TOKEN",
        description =
            "write unless a write to the key guarded by LOCK carried a higher fencing token")
    String fence;
  }

  /** Exit code of a conditional put whose condition did not hold. */
  static final int NOT_APPLIED = 4;

  PutCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    if ((value == null) == (valueFile == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "give the value either as an argument or with --value-file, not both");
    }
    byte[] valueBytes;
    try {
      valueBytes = value != null ? value.getBytes(StandardCharsets.UTF_8) : readValueFile();
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println("put: cannot read the value from " + valueFile + ": " + e);
      return ClientCalls.FAILED;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("put: " + e.getMessage());
      return ClientCalls.FAILED;
    }
    return ClientCalls.withClient(
        spec, client, environment, ringstore -> put(ringstore, valueBytes));
  }

  /**
   * The bytes of {@code --value-file}, refusing more than a node accepts before reading them all.
   */
  private byte[] readValueFile() throws IOException {
    try (InputStream in =
        valueFile.equals("-")
            ? environment.standardInput()
            : Files.newInputStream(Path.of(valueFile))) {
      byte[] bytes = in.readNBytes(WireLimits.VALUE_BYTES_MAX + 1);
      if (bytes.length > WireLimits.VALUE_BYTES_MAX) {
        throw new IllegalArgumentException(
            (valueFile.equals("-") ? "standard input" : valueFile)
                + " holds more than "
                + WireLimits.VALUE_BYTES_MAX
                + " bytes, the largest value a node accepts; store it in parts");
      }
      return bytes;
    }
  }

  private int put(RingstoreClient ringstore, byte[] valueBytes) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    if (condition != null) {
      return putConditionally(ringstore, keyBytes, valueBytes);
    }
    VersionContext context = blind ? VersionContext.empty() : ringstore.get(keyBytes).context();
    ringstore.put(keyBytes, valueBytes, context);
    spec.commandLine().getOut().println("ok");
    return CommandLine.ExitCode.OK;
  }

  /** {@code LOCK:TOKEN}, the last colon separating the two. */
  private Fence parseFence(String text) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new IllegalArgumentException("say LOCK:TOKEN, as `ringstore lock acquire` prints");
      }
      return new Fence(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--fence " + text + ": " + e.getMessage());
    }
  }

  /**
   * Writes under the condition; prints {@code applied} (exit 0), or {@code not applied} with the
   * key's current value and version (exit {@link #NOT_APPLIED}).
   */
  private int putConditionally(RingstoreClient ringstore, byte[] keyBytes, byte[] valueBytes) {
    ConditionalResult result;
    if (condition.ifAbsent) {
      result = ringstore.putIfAbsent(keyBytes, valueBytes);
    } else if (condition.ifVersion != null) {
      VersionContext version;
      try {
        version = VersionContext.fromToken(condition.ifVersion);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--if-version: " + e.getMessage());
      }
      result = ringstore.putIfVersion(keyBytes, valueBytes, version);
    } else if (condition.fence != null) {
      result = ringstore.putFenced(keyBytes, valueBytes, parseFence(condition.fence));
    } else {
      result =
          ringstore.compareAndSet(
              keyBytes, condition.ifValue.getBytes(StandardCharsets.UTF_8), valueBytes);
    }
    if (result.applied()) {
      spec.commandLine().getOut().println("applied");
      spec.commandLine().getOut().println("version " + result.context().token());
      return CommandLine.ExitCode.OK;
    }
    String current =
        result.valueOrNull() == null
            ? "no value"
            : "value " + new String(result.valueOrNull(), StandardCharsets.UTF_8);
    spec.commandLine().getOut().println("not applied: the key has " + current);
    if (!result.context().isEmpty()) {
      spec.commandLine().getOut().println("version " + result.context().token());
    }
    return NOT_APPLIED;
  }
}
