package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static io.ringstore.core.storage.log.FullDiskTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageException;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LogStorageEngine#putThen} under fsync ALWAYS: the caller never waits; each write is
 * answered by the force that covers it, run on the syncer (here a queue the test drains, so the
 * interleaving is exact): one force covers every write appended before it started, writes that
 * arrive during a force are covered by the next, and a failed force fails every write waiting.
 */
class PutThenTest {
  @TempDir Path directory;

  private final FaultyDisk disk = new FaultyDisk();
  private final Queue<Runnable> syncer = new ArrayDeque<>();
  private final List<String> heard = new ArrayList<>();

  private LogStorageEngine open() {
    ManualClock clock = new ManualClock(0);
    return LogStorageEngine.open(
        LogEngines.options(directory),
        new StorageEnvironment(clock, new ManualScheduler(clock), Runnable::run, syncer::add),
        disk);
  }

  private PutCallback recording(String name) {
    return new PutCallback() {
      @Override
      public void completed(PutOutcome outcome) {
        heard.add(name + " " + outcome);
      }

      @Override
      public void failed(RuntimeException failure) {
        heard.add(name + " failed: " + failure.getClass().getSimpleName());
      }
    };
  }

  @Test
  void oneForceAcknowledgesEveryWriteAppendedBeforeIt() {
    LogStorageEngine engine = open();
    long fsyncsBefore = engine.stats().fsyncs();
    for (int i = 0; i < 5; i++) {
      engine.putThen(key("k" + i), value(1, "v" + i), recording("w" + i));
    }

    assertThat(heard).as("nothing is acknowledged before its force").isEmpty();
    assertThat(syncer).as("one force is queued, not one per write").hasSize(1);

    syncer.poll().run();

    assertThat(heard)
        .containsExactly("w0 STORED", "w1 STORED", "w2 STORED", "w3 STORED", "w4 STORED");
    assertThat(engine.stats().fsyncs() - fsyncsBefore).isEqualTo(1);
    assertThat(engine.stats().groupCommitBatches()).isEqualTo(1);
    assertThat(engine.stats().groupCommitWrites()).isEqualTo(5);
    assertThat(syncer).as("nothing left to force").isEmpty();
    engine.close();
  }

  @Test
  void writesArrivingDuringAForceAreCoveredByTheNextOne() {
    LogStorageEngine engine = open();
    engine.putThen(key("k" + 1), value(1, "v" + 1), recording("first"));
    disk.beforeForce(
        () -> {
          disk.beforeForce(() -> {});
          engine.putThen(key("k" + 2), value(1, "v" + 2), recording("during"));
        });

    syncer.poll().run();

    assertThat(heard).containsExactly("first STORED");
    assertThat(syncer).as("the next force is queued at once").hasSize(1);

    syncer.poll().run();

    assertThat(heard).containsExactly("first STORED", "during STORED");
    assertThat(engine.stats().groupCommitBatches()).isEqualTo(2);
    engine.close();
  }

  @Test
  void anObsoleteWriteIsAnsweredAtOnceWithoutAForce() {
    LogStorageEngine engine = open();
    engine.put(key("k" + 1), value(2, "v" + 1));

    engine.putThen(key("k" + 1), value(1, "v" + 9), recording("old"));

    assertThat(heard).containsExactly("old OBSOLETE");
    assertThat(syncer).isEmpty();
    engine.close();
  }

  @Test
  void aFailedForceFailsEveryWaitingWriteAndAcknowledgesNone() {
    LogStorageEngine engine = open();
    engine.putThen(key("k" + 1), value(1, "v" + 1), recording("a"));
    engine.putThen(key("k" + 2), value(1, "v" + 2), recording("b"));
    disk.forcesFail(true);

    syncer.poll().run();

    assertThat(heard)
        .containsExactly(
            "a failed: " + StorageException.class.getSimpleName(),
            "b failed: " + StorageException.class.getSimpleName());
    disk.forcesFail(false);
    engine.putThen(key("k" + 3), value(1, "v" + 3), recording("c"));
    syncer.poll().run();
    assertThat(heard)
        .as("after a failed fsync nothing is acknowledged until the engine is reopened")
        .endsWith("c failed: " + StorageException.class.getSimpleName());
  }
}
