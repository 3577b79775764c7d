package io.ringstore.node.cli;

import io.ringstore.core.time.Clock;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands may know about the process they run in, read once by {@code main} and passed
 * down: no command reads system properties or the environment itself.
 *
 * @param environment the process environment ({@code RINGSTORE_*} variables override config files)
 * @param home the directory holding {@code .ringstore/} (the repository for the launcher)
 * @param javaCommand the java executable that starts node processes
 * @param classPath the class path node processes run with
 * @param clock deadlines and the benchmark's timings
 * @param standardInput what {@code put --value-file -} reads
 */
public record CliEnvironment(
    Map<String, String> environment,
    Path home,
    String javaCommand,
    String classPath,
    Clock clock,
    InputStream standardInput) {
  public CliEnvironment {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(javaCommand, "javaCommand");
    Objects.requireNonNull(classPath, "classPath");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(standardInput, "standardInput");
  }

  /** An environment whose standard input is empty. */
  public CliEnvironment(
      Map<String, String> environment,
      Path home,
      String javaCommand,
      String classPath,
      Clock clock) {
    this(environment, home, javaCommand, classPath, clock, InputStream.nullInputStream());
  }

  /** Where {@code ringstore cluster} keeps its state: {@code <home>/.ringstore/cluster}. */
  public Path clusterDirectory() {
    return home.resolve(".ringstore").resolve("cluster");
  }
}
