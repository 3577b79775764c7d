package io.ringstore.node;

import io.ringstore.core.time.SystemClock;
import io.ringstore.node.cli.CliEnvironment;
import io.ringstore.node.cli.RingstoreCommand;
import java.nio.file.Path;

/**
 * The process entry point: reads the process environment and system properties (the only place that
 * does) and runs the {@code ringstore} command line.
 */
public final class Main {
  /** Names the log level for logback.xml: INFO for a node, WARN for the other commands. */
  static final String LOG_LEVEL_PROPERTY = "ringstore.log.level";

  private Main() {}

  public static void main(String[] args) {
    boolean node = args.length > 0 && args[0].equals("node");
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, node ? "INFO" : "WARN");
    }
    String home = System.getenv().getOrDefault("RINGSTORE_HOME", System.getProperty("user.dir"));
    CliEnvironment environment =
        new CliEnvironment(
            System.getenv(),
            Path.of(home),
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            System.getProperty("java.class.path"),
            new SystemClock(),
            System.in);
    int exitCode = RingstoreCommand.commandLine(environment).execute(args);
    if (!node || exitCode != 0) {
      System.exit(exitCode);
    }
  }
}
