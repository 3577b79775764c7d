package io.ringstore.benchmarks;

import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.log.FsyncPolicy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sixteen writers putting 100-byte values under {@code ALWAYS}, with group commit (writers share
 * each fsync) and without (every write forces on its own). Both run in one invocation, so their
 * ratio is measured on the same disk at the same time; the target is at least 10×.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.PRE_TOUCH})
@Threads(16)
public class GroupCommitBenchmark {
  /** The engine all writer threads share. */
  @State(Scope.Benchmark)
  public static class Engine {
    @Param({"true", "false"})
    boolean groupCommit;

    StorageFixture fixture;
    final AtomicLong writers = new AtomicLong();

    @Setup(Level.Trial)
    public void open() {
      fixture =
          new StorageFixture(
              StorageFixture.optionsInTempDirectory()
                  .withFsyncPolicy(FsyncPolicy.ALWAYS)
                  .withGroupCommit(groupCommit));
    }

    @TearDown(Level.Trial)
    public void close() {
      fixture.close();
    }
  }

  /** Each writer owns its keys, so its versions always supersede its earlier ones. */
  @State(Scope.Thread)
  public static class Writer {
    private static final int KEYS_PER_WRITER = 10_000;
    private final byte[] value = new byte[StorageFixture.VALUE_BYTES];
    private long base;
    private long counter;

    @Setup(Level.Trial)
    public void pickKeys(Engine engine) {
      base = engine.writers.getAndIncrement() * KEYS_PER_WRITER;
    }

    long nextKey() {
      return base + (counter % KEYS_PER_WRITER);
    }
  }

  @Benchmark
  public PutOutcome put(Engine engine, Writer writer) {
    long key = writer.nextKey();
    return engine.fixture.engine.put(
        StorageFixture.key(key), StorageFixture.version(++writer.counter, writer.value));
  }
}
