package io.ringstore.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.RingstoreException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;
import picocli.CommandLine;

/** Runs a client command and turns its failures into one error line and exit code 1. */
final class ClientCalls {
  /** Exit code of a command that failed talking to the cluster. */
  static final int FAILED = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ClientCalls() {}

  /** Opens a client from {@code options}, runs {@code call} with it, closes it. */
  static int withClient(
      CommandLine.Model.CommandSpec spec,
      ClientOptions options,
      CliEnvironment environment,
      ToIntFunction<RingstoreClient> call) {
    return run(
        spec,
        () -> {
          try (RingstoreClient ringstore = options.client(environment)) {
            return call.applyAsInt(ringstore);
          }
        });
  }

  static int run(CommandLine.Model.CommandSpec spec, IntSupplier call) {
    try {
      return call.getAsInt();
    } catch (RingstoreException | IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println(spec.name() + ": " + e.getMessage());
      return FAILED;
    }
  }

  /** Waits {@code millis} without sleeping a thread of ours: a future completed on a timer. */
  static void pause(long millis) {
    new CompletableFuture<Void>().completeOnTimeout(null, millis, TimeUnit.MILLISECONDS).join();
  }

  /** Prints {@code value} as one line of JSON, for a command's {@code --json}. */
  static void printJson(CommandLine.Model.CommandSpec spec, Object value) {
    try {
      spec.commandLine().getOut().println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON: " + e.getMessage(), e);
    }
    spec.commandLine().getOut().flush();
  }
}
