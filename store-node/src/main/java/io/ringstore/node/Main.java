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

  /** Set to {@code json} for one JSON object per log event (logback-json.xml). */
  static final String LOG_FORMAT_VARIABLE = "RINGSTORE_LOG_FORMAT";

  private static final String LOGBACK_CONFIGURATION_PROPERTY = "logback.configurationFile";

  private Main() {}

  public static void main(String[] args) {
    boolean node = args.length > 0 && args[0].equals("node");
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, node ? "INFO" : "WARN");
    }
    if ("json".equalsIgnoreCase(System.getenv(LOG_FORMAT_VARIABLE))
        && System.getProperty(LOGBACK_CONFIGURATION_PROPERTY) == null) {
      System.setProperty(LOGBACK_CONFIGURATION_PROPERTY, "logback-json.xml");
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
