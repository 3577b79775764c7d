package io.ringstore.node.cli;

import io.ringstore.core.time.SystemClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code ringstore} command line run in a process test's JVM against the test's home: the node
 * JVMs it starts run on this JVM's class path.
 */
final class CliRuns {
  private CliRuns() {}

  /** What one command did: its exit code and what it printed. */
  record Run(int exitCode, String out, String err) {}

  /** The environment of commands run with {@code home} as their home. */
  static CliEnvironment environment(Path home) {
    return new CliEnvironment(
        Map.of(),
        home,
        ProcessHandle.current().info().command().orElse("java"),
        System.getProperty("java.class.path"),
        new SystemClock());
  }

  /** Runs {@code ringstore ARGS} with {@code home} as its home. */
  static Run ringstore(Path home, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = RingstoreCommand.commandLine(environment(home));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return new Run(line.execute(args), out.toString(), err.toString());
  }
}
