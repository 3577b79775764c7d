package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.storage.StorageFullException;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fills a real file system: a 2 MiB tmpfs mounted for the test (this needs root, as CI and the
 * development machines have). Writes fail with {@link StorageFullException} once the disk is full,
 * every write acknowledged before stays readable, and writes succeed again once space is freed; a
 * reopen recovers everything acknowledged with no corruption.
 */
class RealFullDiskTest {
  private static final String TMPFS_SIZE = "2m";
  private static final int VALUE_BYTES = 8 * 1024;
  private static final int WRITES_MAX = 10_000;
  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  @TempDir Path mountPoint;

  private Path directory;
  private Path ballast;

  @BeforeEach
  void mountTmpfs() throws Exception {
    run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", mountPoint.toString());
    directory = Files.createDirectory(mountPoint.resolve("data"));
    ballast = mountPoint.resolve("ballast");
    Files.write(ballast, new byte[256 * 1024]);
  }

  @AfterEach
  void unmountTmpfs() throws Exception {
    run("umount", mountPoint.toString());
  }

  @Test
  void aFullFileSystemFailsWritesCleanlyAndTheyResumeWhenSpaceReturns() throws IOException {
    LogStorageOptions options =
        LogEngines.options(directory).withSegmentBytesMax(256 * 1024).withCacheBytesMax(0);
    LogStorageEngine engine = LogEngines.open(options);
    List<Integer> acknowledged = new ArrayList<>();
    StorageFullException full = fillUntilFull(engine, acknowledged);

    System.out.printf(
        Locale.ROOT,
        "tmpfs of %s full after %d writes: %s%n",
        TMPFS_SIZE,
        acknowledged.size(),
        full.getMessage());
    assertThat(full.getMessage()).contains(directory.toString());
    assertAllReadable(engine, acknowledged);

    Files.delete(ballast);
    int resumed = acknowledged.size();
    engine.put(key("k" + resumed), version(resumed));
    acknowledged.add(resumed);
    assertAllReadable(engine, acknowledged);
    engine.close();

    try (LogStorageEngine reopened = LogEngines.open(options)) {
      assertAllReadable(reopened, acknowledged);
      assertThat(reopened.stats().corruptRecordsSkipped()).isZero();
    }
  }

  private static StorageFullException fillUntilFull(
      LogStorageEngine engine, List<Integer> acknowledged) {
    for (int i = 0; i < WRITES_MAX; i++) {
      try {
        engine.put(key("k" + i), version(i));
        acknowledged.add(i);
      } catch (StorageFullException e) {
        return e;
      }
    }
    throw new AssertionError("a " + TMPFS_SIZE + " tmpfs never filled up");
  }

  private static void assertAllReadable(LogStorageEngine engine, List<Integer> acknowledged) {
    for (int i : acknowledged) {
      assertThat(engine.get(key("k" + i))).as("write %d", i).containsExactly(version(i));
    }
  }

  private static Versioned version(int i) {
    byte[] value = new byte[VALUE_BYTES];
    value[0] = (byte) i;
    value[VALUE_BYTES - 1] = (byte) (i >> 8);
    VectorClock clock = VectorClock.of(List.of(new VectorClock.Entry(NodeId.of("w"), 1, 0)));
    return Versioned.of(clock, i, value);
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("%s (this test mounts a tmpfs and needs root): %s", String.join(" ", command), output)
        .isZero();
  }
}
