package io.ringstore.core.storage.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.storage.StorageException;
import io.ringstore.core.storage.StorageFullException;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk fails the write cleanly, keeps the engine readable, and passes when space returns.
 */
class FullDiskTest {
  @TempDir Path directory;

  private final FaultyDisk disk = new FaultyDisk();

  @Test
  void aWriteToAFullDiskFailsCleanlyAndLaterWritesSucceed() {
    LogStorageEngine engine = open();
    engine.put(key("before"), value(1, "stored"));
    disk.full(true);

    assertThatThrownBy(() -> engine.put(key("during"), value(1, "lost")))
        .isInstanceOf(StorageFullException.class)
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("free disk space");
    assertThat(engine.get(key("before"))).containsExactly(value(1, "stored"));
    assertThat(engine.get(key("during"))).isEmpty();

    disk.full(false);
    engine.put(key("after"), value(1, "stored too"));
    engine.close();

    LogStorageEngine reopened = open();
    assertThat(reopened.get(key("before"))).containsExactly(value(1, "stored"));
    assertThat(reopened.get(key("during"))).isEmpty();
    assertThat(reopened.get(key("after"))).containsExactly(value(1, "stored too"));
    assertThat(reopened.stats().corruptRecordsSkipped()).isZero();
    assertThat(reopened.stats().tornTailsTruncated()).isZero();
    reopened.close();
  }

  @Test
  void anIoErrorOnWriteIsReportedAsSuchNotAsAFullDisk() {
    LogStorageEngine engine = open();
    disk.writesFail(true);

    assertThatThrownBy(() -> engine.put(key("during"), value(1, "lost")))
        .isInstanceOf(StorageException.class)
        .isNotInstanceOf(StorageFullException.class)
        .hasMessageContaining("Input/output error")
        .hasMessageContaining("check the disk");
    disk.writesFail(false);
    engine.put(key("after"), value(1, "stored"));
    assertThat(engine.get(key("after"))).containsExactly(value(1, "stored"));
    engine.close();
  }

  @Test
  void aFullDiskAtRolloverFailsTheWriteAndKeepsTheActiveSegment() {
    LogStorageEngine engine =
        LogStorageEngine.open(
            LogEngines.options(directory).withSegmentBytesMax(1024),
            LogEngines.environment(new ManualClock(LogEngines.START_MILLIS)),
            disk);
    engine.put(key("a"), value(1, "x".repeat(900)));
    disk.full(true);

    assertThatThrownBy(() -> engine.put(key("b"), value(1, "y".repeat(900))))
        .isInstanceOf(StorageFullException.class);

    disk.full(false);
    engine.put(key("b"), value(1, "y".repeat(900)));
    assertThat(engine.get(key("a"))).hasSize(1);
    assertThat(engine.get(key("b"))).hasSize(1);
    engine.close();
  }

  private LogStorageEngine open() {
    return LogStorageEngine.open(
        LogEngines.options(directory),
        LogEngines.environment(new ManualClock(LogEngines.START_MILLIS)),
        disk);
  }

  static byte[] key(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  static Versioned value(long counter, String value) {
    VectorClock clock = VectorClock.of(List.of(new VectorClock.Entry(NodeId.of("a"), counter, 1)));
    return Versioned.of(clock, 1_000, value.getBytes(StandardCharsets.UTF_8));
  }
}
