package io.ringstore.benchmarks;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.hints.HintStore;
import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A stand-in's cost per hint, one thread, over a log engine under {@code NEVER} (the store's own
 * work, no fsync): {@link #append} keeps a hint of a 100-byte write (encode, append, index); {@link
 * #appendReplayAndDelete} is a hint's whole life on its holder (append, the replayer's read back
 * and decode, the tombstone of its delivery).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.PRE_TOUCH})
@State(Scope.Thread)
public class HintStoreBenchmark {
  private static final NodeId HOLDER = NodeId.of("node-1");
  private static final NodeId OWNER = NodeId.of("node-2");

  private StorageFixture fixture;
  private HintStore store;
  private final byte[] value = new byte[StorageFixture.VALUE_BYTES];
  private long counter;
  private boolean kept;

  @Setup(Level.Trial)
  public void open() {
    fixture =
        new StorageFixture(
            StorageFixture.optionsInTempDirectory().withFsyncPolicy(FsyncPolicy.NEVER));
    store = HintStore.open(fixture.engine, HOLDER, new SystemClock(), HintStore.Limits.DEFAULTS);
  }

  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  private HintedPutRequest nextHint() {
    long index = ++counter;
    return new HintedPutRequest(
        OWNER,
        new ReplicaPutRequest(StorageFixture.key(index), StorageFixture.version(index, value)));
  }

  /** Keeps one hint (and deletes it again every so often, so the owner's bound is never hit). */
  @Benchmark
  public boolean append() {
    store.store(nextHint(), stored -> kept = stored, failure -> kept = false);
    if (counter % 10_000 == 0) {
      store.oldest(OWNER, Integer.MAX_VALUE, Set.of()).forEach(store::delivered);
    }
    return kept;
  }

  /** Keeps one hint, reads it back as the replayer does, and deletes it as its delivery does. */
  @Benchmark
  public ReplicaPutRequest appendReplayAndDelete() {
    store.store(nextHint(), stored -> kept = stored, failure -> kept = false);
    List<HintStore.Hint> oldest = store.oldest(OWNER, 1, Set.of());
    ReplicaPutRequest write = store.writeOf(oldest.get(0));
    store.delivered(oldest.get(0));
    return write;
  }
}
