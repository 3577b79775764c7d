package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static io.ringstore.core.storage.log.FullDiskTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageException;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit for writes that wait without a thread ({@code putAsync}): a write is told only by
 * the force that covered it, writes appended while a force runs share the next one, a failed force
 * fails them, and none is ever left behind. The syncer is a queue the test runs by hand, except in
 * the concurrency test, which uses a real thread.
 */
class AsyncGroupCommitTest {
  @TempDir Path directory;

  private final FaultyDisk disk = new FaultyDisk();
  private final Queue<Runnable> syncer = new ArrayDeque<>();
  private LogStorageEngine engine;

  private LogStorageEngine open(java.util.concurrent.Executor syncerExecutor) {
    ManualClock clock = new ManualClock(LogEngines.START_MILLIS);
    engine =
        LogStorageEngine.open(
            LogEngines.options(directory),
            new StorageEnvironment(
                clock, new ManualScheduler(clock), Runnable::run, syncerExecutor),
            disk);
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void aWriteIsVisibleAtOnceAndAcknowledgedOnlyByTheForceThatCoversIt() {
    LogStorageEngine engine = open(syncer::add);
    Told told = new Told();

    engine.putAsync(key("k"), value(1, "v"), told);

    assertThat(engine.get(key("k"))).containsExactly(value(1, "v"));
    assertThat(told.outcomes).isEmpty();
    assertThat(engine.stats().fsyncs()).isZero();
    runSyncer();
    assertThat(told.outcomes).containsExactly(PutOutcome.STORED);
    assertThat(engine.stats().groupCommitForces()).isEqualTo(1);
  }

  @Test
  void writesAppendedBeforeTheForceStartsShareItAndScheduleOnePass() {
    LogStorageEngine engine = open(syncer::add);
    Told told = new Told();

    for (int i = 0; i < 5; i++) {
      engine.putAsync(key("k" + i), value(1, "v"), told);
    }

    assertThat(syncer).hasSize(1);
    runSyncer();
    assertThat(told.outcomes).hasSize(5).containsOnly(PutOutcome.STORED);
    assertThat(engine.stats().groupCommitForces()).isEqualTo(1);
    assertThat(engine.stats().groupCommitWrites()).isEqualTo(5);
  }

  @Test
  void aWriteAppendedDuringAForceIsToldByTheNextPass() {
    LogStorageEngine engine = open(syncer::add);
    Told first = new Told();
    Told during = new Told();
    AtomicInteger forces = new AtomicInteger();
    disk.beforeForce(
        () -> {
          if (forces.getAndIncrement() == 0) {
            engine.putAsync(key("during"), value(1, "v"), during);
          }
        });
    engine.putAsync(key("first"), value(1, "v"), first);

    syncer.poll().run();

    assertThat(first.outcomes).containsExactly(PutOutcome.STORED);
    assertThat(during.outcomes).as("not covered by the force it raced").isEmpty();
    assertThat(syncer).as("the pass scheduled the next one").hasSize(1);
    runSyncer();
    assertThat(during.outcomes).containsExactly(PutOutcome.STORED);
  }

  @Test
  void anObsoleteWriteIsToldAtOnceWithoutAForce() {
    LogStorageEngine engine = open(syncer::add);
    engine.put(key("k"), value(2, "newer"));
    Told told = new Told();

    engine.putAsync(key("k"), value(1, "older"), told);

    assertThat(told.outcomes).containsExactly(PutOutcome.OBSOLETE);
    assertThat(syncer).isEmpty();
  }

  @Test
  void aFailedForceFailsEveryWaitingWriteAndEveryLaterOne() {
    LogStorageEngine engine = open(syncer::add);
    Told told = new Told();
    engine.putAsync(key("a"), value(1, "v"), told);
    engine.putAsync(key("b"), value(1, "v"), told);
    disk.forcesFail(true);

    runSyncer();
    disk.forcesFail(false);
    engine.putAsync(key("c"), value(1, "v"), told);
    runSyncer();

    assertThat(told.outcomes).isEmpty();
    assertThat(told.failures).hasSize(3).allMatch(StorageException.class::isInstance);
    assertThat(told.failures.get(2)).hasMessageContaining("an earlier fsync failed");
    assertThatThrownBy(engine::close).hasMessageContaining("an earlier fsync failed");
    this.engine = null;
  }

  /**
   * A rolled-over segment's seal whose fsync fails counts as a failed force: the next group commit
   * must not fsync the same file successfully (the kernel reports a writeback error once) and
   * acknowledge writes whose pages may be gone.
   */
  @Test
  void aFailedSealForceFailsEveryLaterWrite() {
    ManualClock clock = new ManualClock(LogEngines.START_MILLIS);
    engine =
        LogStorageEngine.open(
            LogEngines.options(directory)
                .withSegmentBytesMax(LogStorageOptions.SEGMENT_BYTES_MAX_FLOOR),
            new StorageEnvironment(clock, new ManualScheduler(clock), Runnable::run, syncer::add),
            disk);
    Told told = new Told();
    disk.forcesFail(true);
    for (int i = 0; i < 40; i++) {
      engine.putAsync(key("k" + i), value(1, "x".repeat(100)), told);
    }
    assertThat(engine.stats().segmentCount()).as("rollovers, each sealed").isGreaterThan(2);
    disk.forcesFail(false);
    Told later = new Told();

    engine.putAsync(key("later"), value(1, "v"), later);
    runSyncer();

    assertThat(told.outcomes).isEmpty();
    assertThat(later.outcomes).isEmpty();
    assertThat(later.failures)
        .singleElement()
        .satisfies(failure -> assertThat(failure).hasMessageContaining("an earlier fsync failed"));
    assertThatThrownBy(engine::close).hasMessageContaining("an earlier fsync failed");
    this.engine = null;
  }

  /** A force that fails with something other than an I/O error fails its writes, not the node. */
  @Test
  void aForceThatThrowsUnexpectedlyFailsItsWritesAndLeavesTheNextPassScheduled() {
    LogStorageEngine engine = open(syncer::add);
    Told told = new Told();
    disk.beforeForce(
        () -> {
          throw new IllegalStateException("a bug in the disk layer");
        });
    engine.putAsync(key("a"), value(1, "v"), told);

    assertThatThrownBy(() -> syncer.poll().run()).hasMessage("a bug in the disk layer");
    assertThat(told.failures)
        .singleElement()
        .satisfies(failure -> assertThat(failure).hasMessageContaining("a bug in the disk layer"));
    disk.beforeForce(() -> {});
    Told later = new Told();
    engine.putAsync(key("b"), value(1, "v"), later);
    assertThat(syncer).as("a new pass, not a node stuck with a pass that never comes").hasSize(1);
    runSyncer();
    assertThat(later.outcomes).containsExactly(PutOutcome.STORED);
  }

  @Test
  void aCallbackThatThrowsDoesNotKeepTheOthersWaiting() {
    LogStorageEngine engine = open(syncer::add);
    Told told = new Told();
    engine.putAsync(
        key("a"),
        value(1, "v"),
        new Told() {
          @Override
          public void completed(PutOutcome outcome) {
            throw new IllegalStateException("a buggy callback");
          }
        });
    engine.putAsync(key("b"), value(1, "v"), told);

    assertThatThrownBy(() -> syncer.poll().run()).hasMessage("a buggy callback");
    assertThat(told.outcomes).containsExactly(PutOutcome.STORED);
    Told later = new Told();
    engine.putAsync(key("c"), value(1, "v"), later);
    runSyncer();
    assertThat(later.outcomes).containsExactly(PutOutcome.STORED);
  }

  @Test
  void aSyncerThatRefusesWorkLeavesTheForceToTheWriter() {
    LogStorageEngine engine =
        open(
            task -> {
              throw new RejectedExecutionException("shut down");
            });
    Told told = new Told();

    engine.putAsync(key("k"), value(1, "v"), told);

    assertThat(told.outcomes).containsExactly(PutOutcome.STORED);
    assertThat(engine.stats().fsyncs()).isEqualTo(1);
  }

  @Test
  void closeForcesAndTellsTheWaitingWritesExactlyOnce() {
    LogStorageEngine engine = open(syncer::add);
    Told told = new Told();
    engine.putAsync(key("k"), value(1, "v"), told);

    engine.close();
    runSyncer();

    assertThat(told.outcomes).containsExactly(PutOutcome.STORED);
    assertThat(told.failures).isEmpty();
  }

  /**
   * Writers in a closed loop (each waits for its last acknowledgement before writing again) on
   * several threads, against one real syncer thread: every write is told, within a deadline, though
   * nothing else comes to trigger a force for the last writes (an acknowledgement left behind by a
   * pass that had just decided to stop would hang its writer until the deadline).
   */
  @Test
  void noWriteIsLeftWaitingWhileWritersAndTheSyncerRace() throws Exception {
    int threads = 6;
    int writesPerThread = 300;
    ExecutorService syncerThread = Executors.newSingleThreadExecutor();
    try {
      LogStorageEngine engine = open(syncerThread);
      List<Thread> writers = new ArrayList<>();
      AtomicInteger stored = new AtomicInteger();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(
            new Thread(() -> writeInClosedLoop(engine, thread, writesPerThread, stored, failures)));
      }
      writers.forEach(Thread::start);
      for (Thread writer : writers) {
        writer.join(TimeUnit.SECONDS.toMillis(60));
      }

      assertThat(failures).isEmpty();
      assertThat(stored.get()).isEqualTo(threads * writesPerThread);
      System.out.printf(
          Locale.ROOT,
          "async group commit: %d writes, %d forces%n",
          engine.stats().groupCommitWrites(),
          engine.stats().groupCommitForces());
    } finally {
      syncerThread.shutdown();
    }
  }

  private static void writeInClosedLoop(
      LogStorageEngine engine,
      int thread,
      int writes,
      AtomicInteger stored,
      List<Throwable> failures) {
    Semaphore acknowledged = new Semaphore(0);
    PutCallback callback =
        new PutCallback() {
          @Override
          public void completed(PutOutcome outcome) {
            stored.incrementAndGet();
            acknowledged.release();
          }

          @Override
          public void failed(RuntimeException failure) {
            failures.add(failure);
            acknowledged.release();
          }
        };
    try {
      for (int i = 0; i < writes; i++) {
        engine.putAsync(key(thread + "-" + i), value(1, "v"), callback);
        if (!acknowledged.tryAcquire(20, TimeUnit.SECONDS)) {
          failures.add(new AssertionError("write " + thread + "-" + i + " never acknowledged"));
          return;
        }
      }
    } catch (InterruptedException e) {
      failures.add(e);
    }
  }

  private void runSyncer() {
    Runnable next;
    while ((next = syncer.poll()) != null) {
      next.run();
    }
  }

  /** Records what a write was told. */
  private static class Told implements PutCallback {
    final List<PutOutcome> outcomes = new ArrayList<>();
    final List<RuntimeException> failures = new ArrayList<>();

    @Override
    public void completed(PutOutcome outcome) {
      outcomes.add(outcome);
    }

    @Override
    public void failed(RuntimeException failure) {
      failures.add(failure);
    }
  }
}
