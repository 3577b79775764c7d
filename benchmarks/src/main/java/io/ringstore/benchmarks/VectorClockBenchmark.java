package io.ringstore.benchmarks;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.VectorClock.Entry;
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
 * The vector clock operations on every read and write path: compare (read reconciliation, sibling
 * pruning), merge (write context) and increment (every coordinated write). Clocks hold a typical
 * few entries; each clock gets its own {@link NodeId} instances, as clocks decoded from the wire
 * do, so that compare really compares node names.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(
    value = 3,
    jvmArgsAppend = {JvmOptions.HEAP_MIN, JvmOptions.HEAP_MAX, JvmOptions.PRE_TOUCH})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class VectorClockBenchmark {
  private static final long SEED = 0x5EED_2007L;
  private static final long COUNTER_MAX = 1_000;
  private static final long START_MILLIS = 1_700_000_000_000L;

  /** Entries per clock. */
  @Param({"3", "5"})
  int entryCount;

  private VectorClock concurrentA;
  private VectorClock concurrentB;
  private VectorClock equalA;
  private VectorClock equalB;
  private NodeId coordinator;
  private long nowMillis;

  /** Builds, from a fixed seed, two clocks that diverge at their first and last entries. */
  @Setup
  public void setUp() {
    Random random = new Random(SEED);
    long[] counters = random.longs(entryCount, 1, COUNTER_MAX).toArray();
    long[] millis = random.longs(entryCount, START_MILLIS, START_MILLIS + 60_000).toArray();
    concurrentA = clock(bumped(counters, 0), millis);
    concurrentB = clock(bumped(counters, entryCount - 1), millis);
    equalA = clock(counters, millis);
    equalB =
        clock(counters, random.longs(entryCount, START_MILLIS, START_MILLIS + 60_000).toArray());
    coordinator = nodeId(entryCount / 2);
    nowMillis = START_MILLIS + 120_000;
  }

  /** Two concurrent clocks: the walk reaches the last entry before it can answer. */
  @Benchmark
  public Occurred compare() {
    return concurrentA.compare(concurrentB);
  }

  /** Two equal clocks with distinct node instances: a full walk comparing every name. */
  @Benchmark
  public Occurred compareEqual() {
    return equalA.compare(equalB);
  }

  @Benchmark
  public VectorClock merge() {
    return concurrentA.merge(concurrentB);
  }

  /** An existing node's entry: no pruning, the common case of a write. */
  @Benchmark
  public VectorClock increment() {
    return concurrentA.increment(coordinator, nowMillis, VectorClock.ENTRIES_MAX_DEFAULT);
  }

  private static VectorClock clock(long[] counters, long[] millis) {
    List<Entry> entries = new ArrayList<>(counters.length);
    for (int i = 0; i < counters.length; i++) {
      entries.add(new Entry(nodeId(i), counters[i], millis[i]));
    }
    return VectorClock.of(entries);
  }

  private static long[] bumped(long[] counters, int i) {
    long[] copy = counters.clone();
    copy[i]++;
    return copy;
  }

  /** A fresh NodeId (and String) per call, as a decoder would produce. */
  private static NodeId nodeId(int i) {
    return NodeId.of(new StringBuilder("node-").append(i).toString());
  }
}
