package io.ringstore.benchmarks;

import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.storage.log.LogStorageOptions;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread overwriting 100-byte values in the log storage engine over 100,000 keys, under {@code
 * NEVER} (the engine's own cost: encode, index, append) and {@code ALWAYS} (one fsync per write,
 * since no other writer shares it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.PRE_TOUCH})
@State(Scope.Thread)
public class StoragePutBenchmark {
  private static final int KEYS = 100_000;

  @Param({"NEVER", "ALWAYS"})
  FsyncPolicy fsyncPolicy;

  private StorageFixture fixture;
  private final byte[] value = new byte[StorageFixture.VALUE_BYTES];
  private long counter;
  private long next;

  /** Loads every key with no fsync, then reopens under the policy being measured. */
  @Setup(Level.Trial)
  public void open() {
    LogStorageOptions options = StorageFixture.optionsInTempDirectory();
    StorageFixture loader = new StorageFixture(options.withFsyncPolicy(FsyncPolicy.NEVER));
    for (long i = 0; i < KEYS; i++) {
      loader.engine.put(StorageFixture.key(i), StorageFixture.version(++counter, value));
    }
    loader.engine.close();
    fixture = loader.reopen(options.withFsyncPolicy(fsyncPolicy));
  }

  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  /** Overwrites a key with a newer version. */
  @Benchmark
  public PutOutcome put() {
    long index = next++ % KEYS;
    return fixture.engine.put(StorageFixture.key(index), StorageFixture.version(++counter, value));
  }
}
