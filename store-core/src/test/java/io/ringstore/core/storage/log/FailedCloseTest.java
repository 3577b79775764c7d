package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static io.ringstore.core.storage.log.FullDiskTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.storage.StorageException;
import io.ringstore.core.time.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A close whose final force fails must not make a writer still waiting for its own force believe
 * its write durable: the segments it closed were not forced, so a force that finds them closed is a
 * failure, not a success.
 *
 * <p>The writer is held after its append and before its force, as a group commit leader gathering
 * for a sibling that entered {@code put} and stalls (in the partitioner) before appending; the
 * manual clock never ends the gathering. Forces are serialized, so the writer cannot be inside its
 * fsync while close forces.
 */
class FailedCloseTest {
  @TempDir Path directory;

  @Test
  void aWriterWhoseForceMeetsAFailedCloseIsToldItsWriteFailed() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    CountDownLatch siblingStalled = new CountDownLatch(1);
    CountDownLatch siblingReleased = new CountDownLatch(1);
    LogStorageEngine engine =
        LogStorageEngine.open(
            LogEngines.options(directory)
                .withPartitioner(
                    GroupCommitTest.stallingOn("stuck", siblingStalled, siblingReleased)),
            LogEngines.environment(new ManualClock(LogEngines.START_MILLIS)),
            disk);
    AtomicReference<Throwable> siblingOutcome = new AtomicReference<>();
    Thread sibling = new Thread(() -> siblingOutcome.set(putCatching(engine, "stuck")));
    sibling.start();
    assertThat(siblingStalled.await(20, TimeUnit.SECONDS)).isTrue();
    AtomicReference<Throwable> writerOutcome = new AtomicReference<>();
    Thread writer =
        new Thread(
            () -> {
              try {
                engine.put(key("k"), value(1, "v"));
                writerOutcome.set(new AssertionError("the put returned as if durable"));
              } catch (RuntimeException e) {
                writerOutcome.set(e);
              }
            });
    writer.start();
    awaitUntil(() -> engine.stats().writes() == 1);
    assertThat(engine.stats().writes()).as("the writer appended and waits to force").isEqualTo(1);
    AtomicBoolean closeForced = new AtomicBoolean();
    disk.beforeForce(
        () -> {
          if (closeForced.compareAndSet(false, true)) {
            throw new UncheckedIOException(new IOException("simulated fsync failure at close"));
          }
        });

    assertThatThrownBy(engine::close).hasMessageContaining("simulated fsync failure at close");
    siblingReleased.countDown();
    writer.join(TimeUnit.SECONDS.toMillis(20));
    sibling.join(TimeUnit.SECONDS.toMillis(20));

    assertThat(writer.isAlive()).isFalse();
    assertThat(writerOutcome.get()).isInstanceOf(StorageException.class);
    assertThat(siblingOutcome.get()).as("the sibling met the closed engine").isNotNull();
  }

  /** Puts {@code key}; returns what it threw, or null if it returned. */
  private static Throwable putCatching(LogStorageEngine engine, String key) {
    try {
      engine.put(key(key), value(1, "late"));
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** Yields until {@code condition} holds or 20 s pass; never sleeps. */
  private static void awaitUntil(BooleanSupplier condition) {
    long deadline = Stopwatch.nowNanos() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean() && Stopwatch.nowNanos() < deadline) {
      Thread.yield();
    }
  }
}
