package io.ringstore.benchmarks;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.ring.PreferenceList;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Preference-list lookup on a ring of 64 nodes with 256 virtual nodes each (16,384 positions), N=3,
 * including hashing a 16-byte key. Keys cycle through a table larger than L1 so that the binary
 * search sees realistic cache misses. Target: at most 100 ns/op and 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 3,
    jvmArgsAppend = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.PRE_TOUCH})
@State(Scope.Thread)
public class RingBenchmark {
  private static final int KEY_TABLE_SIZE = 1 << 16;
  private static final int KEY_BYTES = 16;

  @Param({"64"})
  int nodes;

  @Param({"256"})
  int vnodesPerNode;

  private Ring ring;
  private byte[][] keys;
  private int next;

  @Setup
  public void buildRing() {
    RingConfig config = RingConfig.defaults().withVnodesPerUnitWeight(vnodesPerNode);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      members.add(Member.of("node-" + i, "127.0.0.1", 7000 + i));
    }
    ring = Ring.of(config, members);
    Random random = new Random(42);
    keys = new byte[KEY_TABLE_SIZE][KEY_BYTES];
    for (byte[] key : keys) {
      random.nextBytes(key);
    }
  }

  /** Hash a 16-byte key and find its preference list. */
  @Benchmark
  public PreferenceList lookup() {
    byte[] key = keys[next++ & (KEY_TABLE_SIZE - 1)];
    return ring.preferenceList(key);
  }

  /** Only the Murmur3 hash of the 16-byte key, to separate hashing from the search. */
  @Benchmark
  public long hashOnly() {
    byte[] key = keys[next++ & (KEY_TABLE_SIZE - 1)];
    return ring.config().partitioner().token(key);
  }
}
