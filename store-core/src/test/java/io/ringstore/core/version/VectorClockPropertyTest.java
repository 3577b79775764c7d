package io.ringstore.core.version;

import static io.ringstore.core.version.VersionGenerators.NODES;
import static io.ringstore.core.version.VersionGenerators.TRIES;
import static io.ringstore.core.version.VersionGenerators.assertCovered;
import static io.ringstore.core.version.VersionGenerators.between;
import static io.ringstore.core.version.VersionGenerators.clock;
import static io.ringstore.core.version.VersionGenerators.counters;
import static io.ringstore.core.version.VersionGenerators.millis;
import static io.ringstore.core.version.VersionGenerators.node;
import static io.ringstore.core.version.VersionGenerators.related;
import static io.ringstore.core.version.VersionGenerators.show;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.version.VectorClock.Entry;
import io.ringstore.core.version.VersionGenerators.Chain;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The laws of the clock order and of merge, checked on {@value VersionGenerators#TRIES} random
 * inputs each: clocks over the node alphabet n0..n5 (see {@link VersionGenerators}), the second
 * clock of a pair drawn equal, above, below or independent of the first. Each test prints its seed;
 * a failure names the try and its inputs, and replays with {@code mvn test
 * -Dtest=VectorClockPropertyTest#theTest -Dringstore.seed=N}.
 */
class VectorClockPropertyTest {
  /** compare agrees with the definition, counter by counter over the alphabet, absent being 0. */
  @Test
  void compareAgreesWithThePointwiseDefinition() {
    Random random =
        new Random(Seeds.seed("VectorClockPropertyTest.compareAgreesWithThePointwiseDefinition"));
    Map<Occurred, Integer> counts = new EnumMap<>(Occurred.class);
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);

      Occurred occurred = a.compare(b);

      counts.merge(occurred, 1, Integer::sum);
      assertThat(occurred).as("try %d: a=%s b=%s", i, show(a), show(b)).isEqualTo(pointwise(a, b));
    }
    for (Occurred occurred : Occurred.values()) {
      assertCovered("a " + occurred + " b", counts.getOrDefault(occurred, 0), 2);
    }
    assertCovered("a CONCURRENT b", counts.getOrDefault(Occurred.CONCURRENT, 0), 10);
  }

  @Test
  void compareIsReflexive() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.compareIsReflexive"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock copy = VectorClock.of(a.entries());

      assertThat(a.compare(a)).as("try %d: a=%s", i, show(a)).isEqualTo(Occurred.EQUAL);
      assertThat(a.compare(copy)).as("try %d: a=%s copy", i, show(a)).isEqualTo(Occurred.EQUAL);
    }
  }

  /** a BEFORE b iff b AFTER a; EQUAL and CONCURRENT are symmetric. */
  @Test
  void compareIsAntisymmetric() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.compareIsAntisymmetric"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);

      assertThat(b.compare(a))
          .as("try %d: a=%s b=%s", i, show(a), show(b))
          .isEqualTo(a.compare(b).reversed());
    }
  }

  /**
   * On chains a <= b <= c built counter by counter, a <= c, and strictly so when either step is
   * strict: transitivity of BEFORE, exercised where random triples would rarely be ordered.
   */
  @Test
  void beforeIsTransitive() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.beforeIsTransitive"));
    int strictCount = 0;
    for (int i = 0; i < TRIES; i++) {
      Chain chain = VersionGenerators.chain(random);
      VectorClock a = chain.a();
      VectorClock b = chain.b();
      VectorClock c = chain.c();
      String inputs = "a=" + show(a) + " b=" + show(b) + " c=" + show(c);

      boolean strict = a.compare(b) == Occurred.BEFORE || b.compare(c) == Occurred.BEFORE;

      strictCount += strict ? 1 : 0;
      assertThat(a.compare(b).isBeforeOrEqual()).as("try %d: a <= b: %s", i, inputs).isTrue();
      assertThat(b.compare(c).isBeforeOrEqual()).as("try %d: b <= c: %s", i, inputs).isTrue();
      assertThat(a.compare(c))
          .as("try %d: a vs c: %s", i, inputs)
          .isEqualTo(strict ? Occurred.BEFORE : Occurred.EQUAL);
    }
    assertCovered("strict chains", strictCount, 2);
    assertCovered("chains of equal clocks", TRIES - strictCount, 2);
  }

  @Test
  void equalsAndHashCodeAgreeWithCompare() {
    Random random =
        new Random(Seeds.seed("VectorClockPropertyTest.equalsAndHashCodeAgreeWithCompare"));
    int equalCount = 0;
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);
      String inputs = "a=" + show(a) + " b=" + show(b);

      assertThat(a.equals(b))
          .as("try %d: equals: %s", i, inputs)
          .isEqualTo(a.compare(b) == Occurred.EQUAL);
      if (a.equals(b)) {
        equalCount++;
        assertThat(a.hashCode()).as("try %d: hashCode: %s", i, inputs).isEqualTo(b.hashCode());
      }
    }
    assertCovered("equal clocks", equalCount, 2);
  }

  @Test
  void equalityIgnoresTimestamps() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.equalityIgnoresTimestamps"));
    for (int i = 0; i < TRIES; i++) {
      long[] counters = counters(random);
      VectorClock a = clock(counters, millis(random));
      VectorClock b = clock(counters, millis(random));

      assertThat(a).as("try %d: a=%s b=%s", i, show(a), show(b)).isEqualTo(b).hasSameHashCodeAs(b);
    }
  }

  /** merge takes the maximum counter and the maximum timestamp of each node. */
  @Test
  void mergeIsThePointwiseMaximum() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.mergeIsThePointwiseMaximum"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);
      String inputs = "a=" + show(a) + " b=" + show(b);

      VectorClock merged = a.merge(b);

      for (NodeId node : NODES) {
        assertThat(merged.counterOf(node))
            .as("try %d: counter of %s: %s", i, node, inputs)
            .isEqualTo(Math.max(a.counterOf(node), b.counterOf(node)));
        assertThat(millisOf(merged, node))
            .as("try %d: timestamp of %s: %s", i, node, inputs)
            .isEqualTo(Math.max(millisOf(a, node), millisOf(b, node)));
      }
      assertThat(merged.size()).as("try %d: size: %s", i, inputs).isEqualTo(entryCount(merged));
    }
  }

  /** Entries (timestamps included) are compared, not only the counters equals looks at. */
  @Test
  void mergeIsCommutative() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.mergeIsCommutative"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);

      assertThat(a.merge(b).entries())
          .as("try %d: a=%s b=%s", i, show(a), show(b))
          .isEqualTo(b.merge(a).entries());
    }
  }

  @Test
  void mergeIsAssociative() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.mergeIsAssociative"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);
      VectorClock c = related(random, b);

      assertThat(a.merge(b).merge(c).entries())
          .as("try %d: a=%s b=%s c=%s", i, show(a), show(b), show(c))
          .isEqualTo(a.merge(b.merge(c)).entries());
    }
  }

  @Test
  void mergeIsIdempotent() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.mergeIsIdempotent"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);

      assertThat(a.merge(a).entries()).as("try %d: a=%s", i, show(a)).isEqualTo(a.entries());
    }
  }

  @Test
  void mergeIsAnUpperBound() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.mergeIsAnUpperBound"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);
      String inputs = "a=" + show(a) + " b=" + show(b);

      VectorClock merged = a.merge(b);

      assertThat(a.compare(merged).isBeforeOrEqual()).as("try %d: a: %s", i, inputs).isTrue();
      assertThat(b.compare(merged).isBeforeOrEqual()).as("try %d: b: %s", i, inputs).isTrue();
    }
  }

  /**
   * Every upper bound c of a and b, built as their pointwise maximum plus any extra, is above or
   * equal to the merge: the merge is the least upper bound.
   */
  @Test
  void mergeIsBelowEveryUpperBound() {
    Random random = new Random(Seeds.seed("VectorClockPropertyTest.mergeIsBelowEveryUpperBound"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);
      long[] bound = VersionGenerators.plus(pointwiseMax(a, b), counters(random));
      VectorClock c = clock(bound, millis(random));
      String inputs = "a=" + show(a) + " b=" + show(b) + " c=" + show(c);

      assertThat(a.compare(c).isBeforeOrEqual()).as("try %d: a <= c: %s", i, inputs).isTrue();
      assertThat(b.compare(c).isBeforeOrEqual()).as("try %d: b <= c: %s", i, inputs).isTrue();
      assertThat(a.merge(b).compare(c).isBeforeOrEqual())
          .as("try %d: merge <= c: %s", i, inputs)
          .isTrue();
    }
  }

  /**
   * For any c at all: merge(a, b) <= c exactly when a <= c and b <= c. c is drawn relative to the
   * pointwise maximum of a and b, so that it is an upper bound in about half the tries.
   */
  @Test
  void mergeIsBelowExactlyTheUpperBounds() {
    Random random =
        new Random(Seeds.seed("VectorClockPropertyTest.mergeIsBelowExactlyTheUpperBounds"));
    int upperBoundCount = 0;
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = related(random, a);
      VectorClock c = related(random, pointwiseMax(a, b));

      boolean isUpperBound = a.compare(c).isBeforeOrEqual() && b.compare(c).isBeforeOrEqual();

      upperBoundCount += isUpperBound ? 1 : 0;
      assertThat(a.merge(b).compare(c).isBeforeOrEqual())
          .as("try %d: a=%s b=%s c=%s", i, show(a), show(b), show(c))
          .isEqualTo(isUpperBound);
    }
    assertCovered("c an upper bound", upperBoundCount, 2);
    assertCovered("c not an upper bound", TRIES - upperBoundCount, 2);
  }

  /** Without pruning, increment adds one to one counter, stamps it, and leaves the rest. */
  @Test
  void incrementMakesAStrictSuccessor() {
    Random random =
        new Random(Seeds.seed("VectorClockPropertyTest.incrementMakesAStrictSuccessor"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      NodeId node = node(random);
      long nowMillis = between(random, 0, 40);
      String inputs = "a=" + show(a) + " node=" + node + " now=" + nowMillis;

      VectorClock next = a.increment(node, nowMillis, VectorClock.ENTRIES_MAX_DEFAULT);

      assertThat(next.compare(a)).as("try %d: order: %s", i, inputs).isEqualTo(Occurred.AFTER);
      assertThat(millisOf(next, node)).as("try %d: stamp: %s", i, inputs).isEqualTo(nowMillis);
      for (NodeId other : NODES) {
        long bump = other.equals(node) ? 1 : 0;
        assertThat(next.counterOf(other))
            .as("try %d: counter of %s: %s", i, other, inputs)
            .isEqualTo(a.counterOf(other) + bump);
      }
    }
  }

  /**
   * Pruning keeps at most entriesMax entries, always the incremented one, and drops the oldest
   * (smaller node on a tie) without changing the counters it keeps. The result never looks older
   * than or equal to the original, so no write is lost.
   */
  @Test
  void pruningKeepsTheBoundTheIncrementedNodeAndTheNewestEntries() {
    Random random =
        new Random(
            Seeds.seed(
                "VectorClockPropertyTest.pruningKeepsTheBoundTheIncrementedNodeAndTheNewestEntries"));
    int prunedCount = 0;
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      NodeId node = node(random);
      long nowMillis = between(random, 0, 40);
      int entriesMax = between(random, 1, 6);
      String inputs =
          "a=" + show(a) + " node=" + node + " now=" + nowMillis + " entriesMax=" + entriesMax;

      VectorClock next = a.increment(node, nowMillis, entriesMax);
      VectorClock unpruned = a.increment(node, nowMillis, VectorClock.ENTRIES_MAX_DEFAULT);

      prunedCount += next.size() < unpruned.size() ? 1 : 0;
      assertThat(next.size())
          .as("try %d: size: %s", i, inputs)
          .isEqualTo(Math.min(entriesMax, unpruned.size()));
      assertThat(next.counterOf(node))
          .as("try %d: incremented counter: %s", i, inputs)
          .isEqualTo(a.counterOf(node) + 1);
      assertThat(next.compare(a))
          .as("try %d: order: %s", i, inputs)
          .isIn(Occurred.AFTER, Occurred.CONCURRENT);
      for (Entry kept : next.entries()) {
        assertThat(unpruned.entries()).as("try %d: kept %s: %s", i, kept, inputs).contains(kept);
        if (!kept.node().equals(node)) {
          assertDroppedAreOlder(unpruned, next, kept, "try " + i + ": " + inputs);
        }
      }
    }
    assertCovered("pruned increments", prunedCount, 2);
    assertCovered("unpruned increments", TRIES - prunedCount, 2);
  }

  private static void assertDroppedAreOlder(
      VectorClock unpruned, VectorClock next, Entry kept, String context) {
    for (Entry dropped : unpruned.entries()) {
      if (next.counterOf(dropped.node()) == 0) {
        boolean older =
            dropped.lastUpdatedMillis() < kept.lastUpdatedMillis()
                || (dropped.lastUpdatedMillis() == kept.lastUpdatedMillis()
                    && dropped.node().compareTo(kept.node()) < 0);
        assertThat(older).as("%s: %s dropped before %s", context, dropped, kept).isTrue();
      }
    }
  }

  private static Occurred pointwise(VectorClock a, VectorClock b) {
    boolean aAhead = false;
    boolean bAhead = false;
    for (NodeId node : NODES) {
      aAhead |= a.counterOf(node) > b.counterOf(node);
      bAhead |= b.counterOf(node) > a.counterOf(node);
    }
    if (aAhead) {
      return bAhead ? Occurred.CONCURRENT : Occurred.AFTER;
    }
    return bAhead ? Occurred.BEFORE : Occurred.EQUAL;
  }

  /** The counters of a and b over n0..n5, node by node the larger. */
  private static long[] pointwiseMax(VectorClock a, VectorClock b) {
    long[] max = new long[NODES.size()];
    for (int k = 0; k < max.length; k++) {
      max[k] = Math.max(a.counterOf(NODES.get(k)), b.counterOf(NODES.get(k)));
    }
    return max;
  }

  /** The timestamp of {@code node}'s entry, or -1 if absent (below every generated timestamp). */
  private static long millisOf(VectorClock clock, NodeId node) {
    for (int i = 0; i < clock.size(); i++) {
      if (clock.node(i).equals(node)) {
        return clock.lastUpdatedMillis(i);
      }
    }
    return -1;
  }

  private static int entryCount(VectorClock clock) {
    return (int) NODES.stream().filter(node -> clock.counterOf(node) > 0).count();
  }
}
