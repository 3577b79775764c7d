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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A close whose final force fails must not make a writer still waiting for its own force believe
 * its write durable: the segments it closed were not forced, so a force that finds them closed is a
 * failure, not a success.
 */
class FailedCloseTest {
  @TempDir Path directory;

  @Test
  void aWriterWhoseForceMeetsAFailedCloseIsToldItsWriteFailed() throws Exception {
    FaultyDisk disk = new FaultyDisk();
    LogStorageEngine engine =
        LogStorageEngine.open(
            LogEngines.options(directory),
            LogEngines.environment(new ManualClock(LogEngines.START_MILLIS)),
            disk);
    CountDownLatch writerForcing = new CountDownLatch(1);
    CountDownLatch closeDone = new CountDownLatch(1);
    AtomicInteger forces = new AtomicInteger();
    disk.beforeForce(
        () -> {
          if (forces.incrementAndGet() == 1) {
            writerForcing.countDown();
            awaitQuietly(closeDone);
          } else {
            throw new UncheckedIOException(new IOException("simulated fsync failure at close"));
          }
        });
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
    assertThat(writerForcing.await(20, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(engine::close).hasMessageContaining("simulated fsync failure at close");
    closeDone.countDown();
    writer.join(TimeUnit.SECONDS.toMillis(20));

    assertThat(writer.isAlive()).isFalse();
    assertThat(writerOutcome.get()).isInstanceOf(StorageException.class);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
