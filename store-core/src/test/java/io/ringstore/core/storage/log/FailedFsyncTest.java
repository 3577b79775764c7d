package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static io.ringstore.core.storage.log.FullDiskTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.storage.StorageException;
import io.ringstore.core.time.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an fsync fails with an I/O error, no write is acknowledged until the engine is reopened: a
 * retried fsync may succeed without the pages the failed writeback lost (fsyncgate). Reads keep
 * working, and a reopened engine serves and accepts writes again.
 */
class FailedFsyncTest {
  @TempDir Path directory;

  private final FaultyDisk disk = new FaultyDisk();

  private LogStorageEngine open() {
    return LogStorageEngine.open(
        LogEngines.options(directory),
        LogEngines.environment(new ManualClock(LogEngines.START_MILLIS)),
        disk);
  }

  @Test
  void aFailedFsyncFailsEveryLaterWriteUntilTheEngineIsReopened() {
    LogStorageEngine engine = open();
    engine.put(key("before"), value(1, "durable"));

    disk.forcesFail(true);
    assertThatThrownBy(() -> engine.put(key("during"), value(1, "lost")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("Input/output error");
    disk.forcesFail(false);

    assertThatThrownBy(() -> engine.put(key("after"), value(1, "not acknowledged")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("until the storage engine is reopened");
    assertThatThrownBy(engine::sync).isInstanceOf(StorageException.class);
    assertThat(engine.get(key("before"))).containsExactly(value(1, "durable"));
    assertThatThrownBy(engine::close).isInstanceOf(StorageException.class);

    try (LogStorageEngine reopened = open()) {
      assertThat(reopened.get(key("before"))).containsExactly(value(1, "durable"));
      reopened.put(key("after"), value(2, "acknowledged"));
      assertThat(reopened.get(key("after"))).containsExactly(value(2, "acknowledged"));
    }
  }
}
