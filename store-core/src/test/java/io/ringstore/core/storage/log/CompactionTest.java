package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static io.ringstore.core.storage.log.FullDiskTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollover and compaction: garbage reclaimed, tombstones dropped only when safe, nothing lost. */
class CompactionTest {
  private static final long SEGMENT_BYTES = 4096;
  private static final long GRACE_MILLIS = TimeUnit.DAYS.toMillis(1);

  @TempDir Path directory;

  private final ManualClock clock = new ManualClock(LogEngines.START_MILLIS);

  private LogStorageOptions options() {
    return LogEngines.options(directory)
        .withSegmentBytesMax(SEGMENT_BYTES)
        .withTombstoneGraceMillis(GRACE_MILLIS)
        .withFsyncPolicy(FsyncPolicy.NEVER);
  }

  private LogStorageEngine open() {
    return LogStorageEngine.open(options(), LogEngines.environment(clock));
  }

  @Test
  void overwrittenVersionsAreDroppedAndSpaceReclaimed() {
    LogStorageEngine engine = open();
    for (int i = 0; i < 500; i++) {
      engine.put(key("k" + i % 10), value(1 + i / 10, "value " + i + " " + "x".repeat(50)));
    }
    int segmentsBefore = engine.stats().segmentCount();

    engine.compact();

    assertThat(engine.stats().compactionsRun()).isEqualTo(1);
    assertThat(engine.stats().bytesReclaimed()).isPositive();
    assertThat(engine.stats().segmentCount()).isLessThan(segmentsBefore);
    assertLatest(engine);
    engine.close();
    LogStorageEngine reopened = open();
    assertLatest(reopened);
    assertThat(reopened.stats().valueBytesReadDuringRecovery()).isZero();
    reopened.close();
  }

  private static void assertLatest(LogStorageEngine engine) {
    for (int i = 490; i < 500; i++) {
      assertThat(engine.get(key("k" + i % 10)))
          .containsExactly(value(1 + i / 10, "value " + i + " " + "x".repeat(50)));
    }
  }

  @Test
  void aTombstoneIsKeptWithinItsGraceAndDroppedAfterWithoutResurrection() {
    LogStorageEngine engine = open();
    engine.put(key("gone"), value(1, "old"));
    fill(engine, "a");
    engine.put(key("gone"), tombstone(2));
    fill(engine, "b");

    engine.compact();
    assertThat(engine.get(key("gone"))).containsExactly(tombstone(2));

    clock.advance(GRACE_MILLIS + 1, TimeUnit.MILLISECONDS);
    engine.compact();

    assertThat(engine.get(key("gone"))).isEmpty();
    assertThat(engine.stats().tombstonesDropped()).isEqualTo(1);
    engine.close();
    LogStorageEngine reopened = open();
    assertThat(reopened.get(key("gone"))).isEmpty();
    assertThat(reopened.get(key("a-3"))).hasSize(1);
    reopened.close();
  }

  @Test
  void aPassOverPartOfTheSegmentsKeepsEvenAnExpiredTombstone() throws IOException {
    LogStorageEngine engine = open();
    engine.put(key("gone"), value(1, "old"));
    fill(engine, "a");
    engine.put(key("gone"), tombstone(2));
    long tombstoneSegment = engine.segmentIds().get(engine.segmentIds().size() - 1);
    fill(engine, "b");
    clock.advance(GRACE_MILLIS + 1, TimeUnit.MILLISECONDS);

    engine.compactSegments(List.of(tombstoneSegment), false);
    engine.close();

    LogStorageEngine reopened = open();
    assertThat(reopened.get(key("gone"))).containsExactly(tombstone(2));
    reopened.close();
  }

  /** Writes enough small records to roll the active segment over. */
  private static void fill(LogStorageEngine engine, String prefix) {
    for (int i = 0; i < 40; i++) {
      engine.put(key(prefix + "-" + i), value(1, "y".repeat(100)));
    }
  }

  private static Versioned tombstone(long counter) {
    return Versioned.tombstone(
        VectorClock.of(List.of(new VectorClock.Entry(NodeId.of("a"), counter, 1))),
        LogEngines.START_MILLIS);
  }

  /**
   * Writers own disjoint keys and read back what they wrote; readers read anyone's keys and check
   * each value against its clock; a compactor runs passes all the while. Values name their key and
   * counter, so a wrong or torn value cannot pass.
   */
  @Test
  void compactionConcurrentWithReadersAndWritersLosesNothing() throws Exception {
    LogStorageEngine engine =
        LogStorageEngine.open(
            options().withSegmentBytesMax(64 * 1024).withCompactionGarbageRatioMin(0.3),
            LogEngines.environment(clock));
    long seed = Seeds.seed("CompactionTest.concurrent");
    int threads = 4;
    int opsPerThread = 20_000;
    AtomicLong longestStallNanos = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Random random = new Random(seed + t);
      int owner = t;
      workers.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  work(engine, owner, threads, opsPerThread, random, longestStallNanos);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  done.countDown();
                }
              }));
    }
    workers.forEach(Thread::start);
    start.countDown();
    int passes = 0;
    long longestPassNanos = 0;
    while (!done.await(0, TimeUnit.MILLISECONDS) && failure.get() == null) {
      long begin = Stopwatch.nowNanos();
      engine.compact();
      longestPassNanos = Math.max(longestPassNanos, Stopwatch.nowNanos() - begin);
      passes++;
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    System.out.printf(
        Locale.ROOT,
        "compaction under load: %d passes (%d rewrote), longest pass %.1f ms, longest reader/writer"
            + " stall %.1f ms, %d bytes reclaimed%n",
        passes,
        engine.stats().compactionsRun(),
        longestPassNanos / 1e6,
        longestStallNanos.get() / 1e6,
        engine.stats().bytesReclaimed());
    assertThat(failure.get()).isNull();
    assertThat(engine.stats().compactionsRun()).isPositive();
    assertThat(longestStallNanos.get()).isLessThan(TimeUnit.SECONDS.toNanos(1));
    engine.close();
  }

  private static void work(
      LogStorageEngine engine,
      int owner,
      int threads,
      int ops,
      Random random,
      AtomicLong longestStallNanos) {
    long[] counters = new long[50];
    for (int op = 0; op < ops; op++) {
      long begin = Stopwatch.nowNanos();
      if (random.nextBoolean()) {
        int k = random.nextInt(counters.length);
        counters[k]++;
        String name = owner + "-" + k;
        engine.put(key(name), ownValue(owner, name, counters[k]));
        assertThat(engine.get(key(name))).containsExactly(ownValue(owner, name, counters[k]));
      } else {
        int other = random.nextInt(threads);
        String name = other + "-" + random.nextInt(counters.length);
        engine.get(key(name)).forEach(version -> checkSelfDescribing(name, version));
      }
      longestStallNanos.accumulateAndGet(Stopwatch.nowNanos() - begin, Math::max);
    }
  }

  private static Versioned ownValue(int owner, String name, long counter) {
    VectorClock clock =
        VectorClock.of(List.of(new VectorClock.Entry(NodeId.of("w" + owner), counter, 1)));
    String value = name + "@" + counter + "#" + "z".repeat((int) (counter % 200));
    return Versioned.of(clock, counter, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void checkSelfDescribing(String name, Versioned version) {
    long counter = version.clock().counter(0);
    String expected = name + "@" + counter + "#" + "z".repeat((int) (counter % 200));
    assertThat(new String(version.value(), StandardCharsets.UTF_8)).isEqualTo(expected);
  }
}
