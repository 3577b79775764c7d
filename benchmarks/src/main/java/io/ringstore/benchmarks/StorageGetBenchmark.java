package io.ringstore.benchmarks;

import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.version.Versioned;
import java.util.List;
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
 * One thread reading 100-byte values from the log storage engine over 100,000 keys, with the value
 * cache hot (64 MiB) and off (every read a positional read and a CRC check).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.PRE_TOUCH})
@State(Scope.Thread)
public class StorageGetBenchmark {
  private static final int KEYS = 100_000;

  @Param({"hot", "off"})
  String cache;

  private StorageFixture fixture;
  private final byte[] value = new byte[StorageFixture.VALUE_BYTES];
  private long counter;
  private long next;

  @Setup(Level.Trial)
  public void open() {
    long cacheBytes = cache.equals("hot") ? 64L << 20 : 0;
    fixture =
        new StorageFixture(
            StorageFixture.optionsInTempDirectory()
                .withFsyncPolicy(FsyncPolicy.NEVER)
                .withCacheBytesMax(cacheBytes));
    for (long i = 0; i < KEYS; i++) {
      fixture.engine.put(StorageFixture.key(i), StorageFixture.version(++counter, value));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    fixture.close();
  }

  /** Reads a key's versions. */
  @Benchmark
  public List<Versioned> get() {
    return fixture.engine.get(StorageFixture.key(next++ % KEYS));
  }
}
