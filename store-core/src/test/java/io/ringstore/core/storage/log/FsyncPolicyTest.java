package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static io.ringstore.core.storage.log.FullDiskTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fsync policies. Durability is checked on a power-cut image: a copy of the segment files cut
 * to the bytes each had forced, as the {@link FaultyDisk} recorded them.
 */
class FsyncPolicyTest {
  private static final int THREADS = 8;
  private static final int WRITES_PER_THREAD = 100;

  @TempDir Path directory;
  @TempDir Path image;

  private final FaultyDisk disk = new FaultyDisk();
  private final ManualClock clock = new ManualClock(LogEngines.START_MILLIS);
  private final ManualScheduler scheduler = new ManualScheduler(clock);

  private LogStorageEngine open(LogStorageOptions options) {
    return LogStorageEngine.open(
        options, new StorageEnvironment(clock, scheduler, Runnable::run), disk);
  }

  @Test
  void alwaysWithGroupCommitSharesFsyncsAndEveryReturnedWriteIsDurable() throws Exception {
    LogStorageEngine engine = open(LogEngines.options(directory));

    writeConcurrently(engine);

    System.out.printf(
        java.util.Locale.ROOT,
        "group commit: %d writes, %d fsyncs%n",
        engine.stats().writes(),
        engine.stats().fsyncs());
    assertThat(engine.stats().writes()).isEqualTo(THREADS * WRITES_PER_THREAD);
    assertThat(engine.stats().fsyncs()).isLessThan(engine.stats().writes());
    LogStorageEngine recovered = openPowerCutImage();
    assertAllWritesPresent(recovered);
    recovered.close();
    engine.close();
  }

  @Test
  void alwaysWithoutGroupCommitForcesOncePerWrite() throws Exception {
    LogStorageEngine engine = open(LogEngines.options(directory).withGroupCommit(false));

    writeConcurrently(engine);

    assertThat(engine.stats().fsyncs()).isGreaterThanOrEqualTo(engine.stats().writes());
    LogStorageEngine recovered = openPowerCutImage();
    assertAllWritesPresent(recovered);
    recovered.close();
    engine.close();
  }

  @Test
  void intervalForcesWhenTheSchedulerAdvances() throws IOException {
    LogStorageEngine engine =
        open(
            LogEngines.options(directory)
                .withFsyncPolicy(FsyncPolicy.INTERVAL)
                .withFsyncIntervalMillis(50));
    engine.put(key("k"), value(1, "v"));
    assertThat(engine.stats().fsyncs()).isZero();
    scheduler.advance(49, TimeUnit.MILLISECONDS);
    assertThat(engine.stats().fsyncs()).isZero();

    scheduler.advance(1, TimeUnit.MILLISECONDS);

    assertThat(engine.stats().fsyncs()).isEqualTo(1);
    LogStorageEngine recovered = openPowerCutImage();
    assertThat(recovered.get(key("k"))).containsExactly(value(1, "v"));
    recovered.close();
    scheduler.advance(50, TimeUnit.MILLISECONDS);
    assertThat(engine.stats().fsyncs()).isEqualTo(2);
    engine.close();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void neverForcesOnlyOnSyncAndClose() throws IOException {
    LogStorageEngine engine =
        open(LogEngines.options(directory).withFsyncPolicy(FsyncPolicy.NEVER));
    engine.put(key("k"), value(1, "v"));
    scheduler.advance(1, TimeUnit.HOURS);
    assertThat(engine.stats().fsyncs()).isZero();
    LogStorageEngine unsynced = openPowerCutImage();
    assertThat(unsynced.get(key("k"))).isEmpty();
    unsynced.close();

    engine.sync();

    assertThat(engine.stats().fsyncs()).isEqualTo(1);
    LogStorageEngine synced = openPowerCutImage();
    assertThat(synced.get(key("k"))).containsExactly(value(1, "v"));
    synced.close();
    engine.close();
  }

  private static void writeConcurrently(LogStorageEngine engine) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      writers.add(new Thread(() -> writeSome(engine, thread, start)));
    }
    writers.forEach(Thread::start);
    start.countDown();
    for (Thread writer : writers) {
      writer.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(writer.isAlive()).as("writer finished").isFalse();
    }
  }

  private static void writeSome(LogStorageEngine engine, int thread, CountDownLatch start) {
    try {
      start.await();
    } catch (InterruptedException e) {
      return;
    }
    for (int i = 0; i < WRITES_PER_THREAD; i++) {
      engine.put(key("t" + thread + "-" + i), value(1, "v" + i));
    }
  }

  private static void assertAllWritesPresent(LogStorageEngine engine) {
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < WRITES_PER_THREAD; i++) {
        assertThat(engine.get(key("t" + t + "-" + i))).containsExactly(value(1, "v" + i));
      }
    }
  }

  /** Copies each segment file cut to its forced length into {@link #image} and opens it. */
  private LogStorageEngine openPowerCutImage() throws IOException {
    try (Stream<Path> old = Files.list(image)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        Path copy = image.resolve(file.getFileName());
        Files.copy(file, copy);
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
          channel.truncate(disk.forcedBytes(file));
        }
      }
    }
    return LogEngines.open(LogEngines.options(image));
  }
}
