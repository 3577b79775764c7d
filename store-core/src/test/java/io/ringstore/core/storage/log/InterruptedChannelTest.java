package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static io.ringstore.core.storage.log.FullDiskTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.Versioned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it reads closes a {@link FileChannel} for every thread (the JDK's
 * {@code ClosedByInterruptException}). The engine must reopen the channel, keep serving reads and
 * never acknowledge a write under {@link FsyncPolicy#ALWAYS} that a force did not cover.
 */
class InterruptedChannelTest {
  private static final long DEADLINE_SECONDS = 30;

  @TempDir Path directory;

  private final FaultyDisk disk = new FaultyDisk();
  private final ManualClock clock = new ManualClock(LogEngines.START_MILLIS);
  private final List<Runnable> heldSeals = new CopyOnWriteArrayList<>();
  private final CountDownLatch sealQueued = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newFixedThreadPool(3);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  /**
   * Seals wait in {@link #heldSeals}, so a filled segment stays unforced until the test runs it.
   */
  private LogStorageEngine open() {
    StorageEnvironment environment =
        new StorageEnvironment(
            clock,
            new ManualScheduler(clock),
            task -> {
              heldSeals.add(task);
              sealQueued.countDown();
            });
    LogStorageOptions options =
        LogEngines.options(directory)
            .withSegmentBytesMax(LogStorageOptions.SEGMENT_BYTES_MAX_FLOOR)
            .withCacheBytesMax(0);
    return LogStorageEngine.open(options, environment, disk);
  }

  @Test
  void anInterruptedReaderNeitherBreaksReadsNorFakesDurability() throws Exception {
    LogStorageEngine engine = open();
    engine.put(key("filler"), value(1, "f".repeat(100)));
    CountDownLatch forceEntered = new CountDownLatch(1);
    CountDownLatch forceReleased = new CountDownLatch(1);
    AtomicReference<Thread> heldWriter = new AtomicReference<>();
    disk.beforeForce(() -> holdOnce(heldWriter, forceEntered, forceReleased));

    Future<PutOutcome> acked =
        threads.submit(
            () -> {
              heldWriter.set(Thread.currentThread());
              return engine.put(key("acked"), value(1, "acknowledged-value"));
            });
    await(forceEntered);
    Future<PutOutcome> rollover =
        threads.submit(() -> engine.put(key("big"), value(1, "b".repeat(900))));
    await(sealQueued);
    threads
        .submit(
            () -> {
              Thread.currentThread().interrupt();
              try {
                engine.get(key("filler"));
              } catch (RuntimeException e) {
                // The interrupted reader may fail; what matters is everyone else.
              }
              Thread.interrupted();
            })
        .get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    forceReleased.countDown();

    assertThat(acked.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(PutOutcome.STORED);
    assertThat(powerCutImageContains("acknowledged-value")).isTrue();
    assertThat(rollover.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo(PutOutcome.STORED);
    List<Versioned> filler =
        CompletableFuture.supplyAsync(() -> engine.get(key("filler")), threads).get();
    assertThat(filler).containsExactly(value(1, "f".repeat(100)));
    heldSeals.forEach(Runnable::run);
    engine.close();
  }

  /** Holds the first force made by {@code writer} until {@code released}. */
  private static void holdOnce(
      AtomicReference<Thread> writer, CountDownLatch entered, CountDownLatch released) {
    if (Thread.currentThread() == writer.get() && entered.getCount() > 0) {
      entered.countDown();
      await(released);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code text} is in the bytes of some segment that its last force covered. */
  private boolean powerCutImageContains(String text) throws IOException {
    try (var files = Files.list(directory)) {
      return files
          .filter(path -> path.toString().endsWith(".log"))
          .anyMatch(path -> forcedPrefix(path).contains(text));
    }
  }

  private String forcedPrefix(Path path) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer forced = ByteBuffer.allocate((int) disk.forcedBytes(path));
      while (forced.hasRemaining() && channel.read(forced, forced.position()) >= 0) {
        continue;
      }
      return new String(forced.array(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
