package io.ringstore.node.cli;

import io.ringstore.client.RingstoreException;
import java.util.function.IntSupplier;
import picocli.CommandLine;

/** Runs a client command and turns its failures into one error line and exit code 1. */
final class ClientCalls {
  /** Exit code of a command that failed talking to the cluster. */
  static final int FAILED = 1;

  private ClientCalls() {}

  static int run(CommandLine.Model.CommandSpec spec, IntSupplier call) {
    try {
      return call.getAsInt();
    } catch (RingstoreException | IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println(spec.name() + ": " + e.getMessage());
      return FAILED;
    }
  }
}
