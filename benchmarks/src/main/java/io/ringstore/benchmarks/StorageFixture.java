package io.ringstore.benchmarks;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.storage.log.LogStorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import io.ringstore.core.storage.log.StorageEnvironment;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.node.ExecutorScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * A log storage engine in a fresh temporary directory, wired as a node wires it (system clock, an
 * executor-backed scheduler), with helpers to build keys and versions for benchmarks.
 */
final class StorageFixture implements AutoCloseable {
  static final int VALUE_BYTES = 100;
  private static final NodeId WRITER = NodeId.of("bench");

  private final LogStorageOptions options;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  final LogStorageEngine engine;

  StorageFixture(LogStorageOptions options) {
    this.options = options;
    StorageEnvironment environment =
        new StorageEnvironment(new SystemClock(), new ExecutorScheduler(executor), executor);
    this.engine = LogStorageEngine.open(options, environment);
  }

  /** Defaults in a new temporary directory under {@code java.io.tmpdir}. */
  static LogStorageOptions optionsInTempDirectory() {
    try {
      return LogStorageOptions.defaults(Files.createTempDirectory("ringstore-bench-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] key(long index) {
    return ("user" + index).getBytes(StandardCharsets.UTF_8);
  }

  /** A 100-byte value whose clock has {@code counter}: higher counters supersede lower ones. */
  static Versioned version(long counter, byte[] value) {
    VectorClock clock = VectorClock.of(List.of(new VectorClock.Entry(WRITER, counter, 0)));
    return Versioned.of(clock, counter, value);
  }

  LogStorageOptions options() {
    return options;
  }

  /** A fixture over the same directory with other options; this one's engine must be closed. */
  StorageFixture reopen(LogStorageOptions newOptions) {
    executor.shutdownNow();
    return new StorageFixture(newOptions);
  }

  @Override
  public void close() {
    engine.close();
    executor.shutdownNow();
    deleteRecursively(options.directory());
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(StorageFixture::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
