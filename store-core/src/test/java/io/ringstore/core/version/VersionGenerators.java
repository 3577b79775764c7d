package io.ringstore.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock.Entry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/**
 * Seeded random inputs for the property tests, and the coverage checks that keep them honest. Every
 * generator draws from the test's own {@link Random}, made from a {@link
 * io.ringstore.core.testing.Seeds} seed, so a failing run replays with {@code -Dringstore.seed=N}.
 *
 * <p>Clocks are drawn over a small node alphabet with small counters so that random pairs are often
 * equal or ordered, not only concurrent: a clock is a vector of one counter per node of the
 * alphabet, 0 meaning "no entry". One vector in {@value #EDGE_CASE_ONE_IN} is all zeros (the empty
 * clock) and one all at the maximum (every node present), edge cases uniform counters would almost
 * never produce.
 */
final class VersionGenerators {
  /** Tries per property. */
  static final int TRIES = 1000;

  /** The node alphabet n0..n5. */
  static final List<NodeId> NODES =
      IntStream.range(0, 6).mapToObj(i -> NodeId.of("n" + i)).toList();

  static final int COUNTER_MAX = 3;
  static final int MILLIS_MAX = 20;

  /** Sibling lists: clocks over n0..n3 with counters 0..2, so ancestors and ties are common. */
  static final int SIBLING_NODES = 4;

  static final int SIBLING_COUNTER_MAX = 2;
  static final int LIST_SIZE_MAX = 8;
  static final int TIMESTAMP_MAX = 5;

  /** One counter vector in this many is all zeros, and one all at the maximum. */
  static final int EDGE_CASE_ONE_IN = 16;

  private VersionGenerators() {}

  /** An int uniform in {@code min..max}, both included. */
  static int between(Random random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  static NodeId node(Random random) {
    return NODES.get(random.nextInt(NODES.size()));
  }

  /** A clock over n0..n5 with counters 0..3 and timestamps 0..20. */
  static VectorClock clock(Random random) {
    return clock(counters(random), millis(random));
  }

  /** A clock over the first {@code nodeCount} nodes of the alphabet, counters 0..counterMax. */
  static VectorClock clock(Random random, int nodeCount, int counterMax) {
    return clock(counters(random, nodeCount, counterMax), millis(random, nodeCount));
  }

  /** One counter per node of n0..n5, each 0..3. */
  static long[] counters(Random random) {
    return counters(random, NODES.size(), COUNTER_MAX);
  }

  /** One counter per node of the first {@code nodeCount}, each 0..counterMax. */
  static long[] counters(Random random, int nodeCount, int counterMax) {
    long[] counters = new long[nodeCount];
    int edgeCase = random.nextInt(EDGE_CASE_ONE_IN);
    for (int k = 0; k < nodeCount; k++) {
      counters[k] =
          switch (edgeCase) {
            case 0 -> 0;
            case 1 -> counterMax;
            default -> between(random, 0, counterMax);
          };
    }
    return counters;
  }

  /** One timestamp per node of n0..n5, each 0..20. */
  static long[] millis(Random random) {
    return millis(random, NODES.size());
  }

  /** One timestamp per node of the first {@code nodeCount}, each 0..20. */
  static long[] millis(Random random, int nodeCount) {
    long[] millis = new long[nodeCount];
    for (int k = 0; k < nodeCount; k++) {
      millis[k] = between(random, 0, MILLIS_MAX);
    }
    return millis;
  }

  /** The clock with counter {@code counters[k]} for node k (none where 0). */
  static VectorClock clock(long[] counters, long[] millis) {
    List<Entry> entries = new ArrayList<>();
    for (int k = 0; k < counters.length; k++) {
      if (counters[k] > 0) {
        entries.add(new Entry(NODES.get(k), counters[k], millis[k]));
      }
    }
    return VectorClock.of(entries);
  }

  /** The counters of {@code clock} over n0..n5, 0 where it has no entry. */
  static long[] counters(VectorClock clock) {
    return NODES.stream().mapToLong(clock::counterOf).toArray();
  }

  /**
   * A clock over n0..n5 with counters 0..3 and fresh timestamps, drawn relative to the counters
   * {@code base} (themselves 0..3), each way a quarter of the time: independent of them (mostly
   * concurrent), equal to them, pointwise at or above them (mostly after), or pointwise at or below
   * them (mostly before). Pairs of independent clocks are almost never equal and rarely ordered.
   */
  static VectorClock related(Random random, long[] base) {
    int way = random.nextInt(4);
    if (way == 0) {
      return clock(random);
    }
    long[] counters = new long[base.length];
    for (int k = 0; k < base.length; k++) {
      counters[k] =
          switch (way) {
            case 1 -> base[k];
            case 2 -> between(random, (int) base[k], COUNTER_MAX);
            default -> between(random, 0, (int) base[k]);
          };
    }
    return clock(counters, millis(random));
  }

  /** A clock related to {@code clock} (over n0..n5, counters 0..3) as {@link #related} says. */
  static VectorClock related(Random random, VectorClock clock) {
    return related(random, counters(clock));
  }

  /** Clocks {@code a <= b <= c} sharing their timestamps. */
  record Chain(VectorClock a, VectorClock b, VectorClock c) {}

  /**
   * A chain built counter by counter: b is a plus one step, c is b plus another, each step all
   * zeros a quarter of the time so that equal links are common too.
   */
  static Chain chain(Random random) {
    long[] millis = millis(random);
    long[] a = counters(random);
    long[] b = plus(a, step(random));
    long[] c = plus(b, step(random));
    return new Chain(clock(a, millis), clock(b, millis), clock(c, millis));
  }

  private static long[] step(Random random) {
    return random.nextInt(4) == 0 ? new long[NODES.size()] : counters(random);
  }

  static long[] plus(long[] a, long[] b) {
    long[] sum = new long[a.length];
    for (int k = 0; k < a.length; k++) {
      sum[k] = a[k] + b[k];
    }
    return sum;
  }

  /**
   * A version with a clock over n0..n3 (counters 0..2), a timestamp 0..5 and a value of 0..2 bytes
   * each 0..2, or a tombstone one time in five.
   */
  static Versioned version(Random random) {
    VectorClock clock = clock(random, SIBLING_NODES, SIBLING_COUNTER_MAX);
    long timestampMillis = between(random, 0, TIMESTAMP_MAX);
    if (random.nextInt(5) == 0) {
      return Versioned.tombstone(clock, timestampMillis);
    }
    byte[] value = new byte[between(random, 0, 2)];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) between(random, 0, 2);
    }
    return Versioned.of(clock, timestampMillis, value);
  }

  /** 0..8 versions as {@link #version} draws them. */
  static List<Versioned> versions(Random random) {
    int size = between(random, 0, LIST_SIZE_MAX);
    List<Versioned> versions = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      versions.add(version(random));
    }
    return versions;
  }

  /**
   * Fails unless {@code count} of the {@link #TRIES} tries, at least {@code minPercent} percent,
   * showed {@code what}: a property whose generator stopped producing a case no longer tests it.
   */
  static void assertCovered(String what, int count, double minPercent) {
    assertThat(100.0 * count / TRIES)
        .as(
            "coverage: %s in %d of %d tries, at least %s%% expected",
            what, count, TRIES, minPercent)
        .isGreaterThanOrEqualTo(minPercent);
  }

  /** A clock with its timestamps, {@code {n0:2@13, n3:1@0}}, which its toString leaves out. */
  static String show(VectorClock clock) {
    StringJoiner joiner = new StringJoiner(", ", "{", "}");
    for (Entry entry : clock.entries()) {
      joiner.add(entry.node() + ":" + entry.counter() + "@" + entry.lastUpdatedMillis());
    }
    return joiner.toString();
  }

  /** A version with its clock's timestamps and its value bytes, which its toString leaves out. */
  static String show(Versioned version) {
    String value = version.isTombstone() ? "tombstone" : Arrays.toString(version.value());
    return show(version.clock()) + " t=" + version.timestampMillis() + " " + value;
  }

  static String show(List<Versioned> versions) {
    return versions.stream().map(VersionGenerators::show).toList().toString();
  }
}
