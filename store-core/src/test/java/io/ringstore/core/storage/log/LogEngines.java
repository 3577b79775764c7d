package io.ringstore.core.storage.log;

import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import java.nio.file.Path;

/** Builds log engines for tests: a manual clock and scheduler, background work run inline. */
final class LogEngines {
  /** The manual clock's start: 2024-01-01T00:00:00Z. */
  static final long START_MILLIS = 1_704_067_200_000L;

  private LogEngines() {}

  /** Defaults with the periodic compaction check off, so only tests start compactions. */
  static LogStorageOptions options(Path directory) {
    return LogStorageOptions.defaults(directory).withCompactionCheckIntervalMillis(0);
  }

  /** A manual clock and scheduler and an inline executor. */
  static StorageEnvironment environment(ManualClock clock) {
    return new StorageEnvironment(clock, new ManualScheduler(clock), Runnable::run);
  }

  static LogStorageEngine open(LogStorageOptions options) {
    return LogStorageEngine.open(options, environment(new ManualClock(START_MILLIS)));
  }
}
