package io.ringstore.node.cli;

import io.ringstore.client.RingstoreClient;
import io.ringstore.client.TransactionConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ringstore txn [FILE]}: runs a short script of gets, puts and deletes as one transaction
 * (from FILE, or standard input for {@code -} or no FILE), retrying it while it conflicts, and
 * prints what its committed run read. One step per line; blank lines and lines starting with {@code
 * #} are skipped:
 *
 * <pre>
 * get KEY
 * put KEY VALUE      (VALUE: the rest of the line, UTF-8)
 * delete KEY
 * </pre>
 *
 * <p>Prints {@code KEY VALUE} (or {@code KEY (none)}) for each get, then {@code committed}; exit 0.
 * A transaction that still conflicted after every attempt prints why and exits {@link
 * PutCommand#NOT_APPLIED}; nothing of it applied.
 */
@Command(
    name = "txn",
    mixinStandardHelpOptions = true,
    description = "Run a script of gets, puts and deletes as one atomic transaction.")
final class TxnCommand implements Callable<Integer> {
  /** The longest script read, in bytes. */
  static final int SCRIPT_BYTES_MAX = 4 * 1024 * 1024;

  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "the script; - or none reads standard input")
  private String file;

  TxnCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  /** One step of a script. */
  record Step(Kind kind, String key, String valueOrNull) {
    enum Kind {
      GET,
      PUT,
      DELETE
    }
  }

  @Override
  public Integer call() {
    List<Step> steps;
    try {
      steps = parse(readScript());
    } catch (IOException e) {
      spec.commandLine().getErr().println("txn: cannot read the script " + file + ": " + e);
      return ClientCalls.FAILED;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return ClientCalls.withClient(spec, client, environment, ringstore -> run(ringstore, steps));
  }

  private String readScript() throws IOException {
    boolean stdin = file == null || file.equals("-");
    try (InputStream in =
        stdin ? environment.standardInput() : Files.newInputStream(Path.of(file))) {
      byte[] bytes = in.readNBytes(SCRIPT_BYTES_MAX + 1);
      if (bytes.length > SCRIPT_BYTES_MAX) {
        throw new IllegalArgumentException(
            "the script is longer than " + SCRIPT_BYTES_MAX + " bytes: split the transaction");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * The steps of {@code script}.
   *
   * @throws IllegalArgumentException naming the first line that is not a step, and why
   */
  static List<Step> parse(String script) {
    List<Step> steps = new ArrayList<>();
    String[] lines = script.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+", 3);
      String verb = words[0].toLowerCase(java.util.Locale.ROOT);
      int number = i + 1;
      switch (verb) {
        case "get", "delete" -> {
          if (words.length != 2) {
            throw new IllegalArgumentException(
                "line " + number + ": '" + line + "': say " + verb + " KEY");
          }
          steps.add(
              new Step(verb.equals("get") ? Step.Kind.GET : Step.Kind.DELETE, words[1], null));
        }
        case "put" -> {
          if (words.length != 3) {
            throw new IllegalArgumentException(
                "line " + number + ": '" + line + "': say put KEY VALUE");
          }
          steps.add(new Step(Step.Kind.PUT, words[1], words[2]));
        }
        default ->
            throw new IllegalArgumentException(
                "line "
                    + number
                    + ": '"
                    + line
                    + "': a step is get KEY, put KEY VALUE or delete KEY");
      }
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("the script has no step: give get, put or delete lines");
    }
    return steps;
  }

  private int run(RingstoreClient ringstore, List<Step> steps) {
    List<String> read;
    try {
      read =
          ringstore.transaction(
              transaction -> {
                List<String> lines = new ArrayList<>();
                for (Step step : steps) {
                  byte[] key = step.key().getBytes(StandardCharsets.UTF_8);
                  switch (step.kind()) {
                    case GET -> {
                      Optional<byte[]> value = transaction.get(key);
                      lines.add(
                          step.key()
                              + " "
                              + value
                                  .map(v -> new String(v, StandardCharsets.UTF_8))
                                  .orElse("(none)"));
                    }
                    case PUT ->
                        transaction.put(key, step.valueOrNull().getBytes(StandardCharsets.UTF_8));
                    case DELETE -> transaction.delete(key);
                  }
                }
                return lines;
              });
    } catch (TransactionConflictException e) {
      spec.commandLine().getErr().println("txn: " + e.getMessage());
      return PutCommand.NOT_APPLIED;
    }
    read.forEach(spec.commandLine().getOut()::println);
    spec.commandLine().getOut().println("committed");
    return CommandLine.ExitCode.OK;
  }
}
