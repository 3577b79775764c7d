package io.ringstore.core.version;

import static io.ringstore.core.version.VersionArbitraries.NODES;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock.Entry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The laws of the clock order and of merge, checked on random clocks over the node alphabet n0..n5
 * (see {@link VersionArbitraries}). jqwik prints the seed of a failing run; replay it with
 * {@code @Property(seed = "...")} on the failing property.
 */
@PropertyDefaults(tries = 1000)
class VectorClockPropertyTest {
  @Provide
  Arbitrary<VectorClock> clocks() {
    return VersionArbitraries.clocks();
  }

  @Provide
  Arbitrary<long[]> counters() {
    return VersionArbitraries.counterVectors(NODES.size(), VersionArbitraries.COUNTER_MAX);
  }

  @Provide
  Arbitrary<long[]> millis() {
    return VersionArbitraries.millisVectors(NODES.size());
  }

  @Provide
  Arbitrary<NodeId> nodes() {
    return Arbitraries.of(NODES);
  }

  /** compare agrees with the definition, counter by counter over the alphabet, absent being 0. */
  @Property
  void compareAgreesWithThePointwiseDefinition(
      @ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
    Occurred occurred = a.compare(b);

    Statistics.label("relation").collect(occurred);
    Statistics.label("relation")
        .coverage(
            coverage -> {
              coverage.check(Occurred.BEFORE).percentage(p -> p > 1);
              coverage.check(Occurred.AFTER).percentage(p -> p > 1);
              coverage.check(Occurred.EQUAL).count(n -> n > 0);
              coverage.check(Occurred.CONCURRENT).percentage(p -> p > 10);
            });
    assertThat(occurred).isEqualTo(pointwise(a, b));
  }

  @Property
  void compareIsReflexive(@ForAll("clocks") VectorClock a) {
    VectorClock copy = VectorClock.of(a.entries());

    assertThat(a.compare(a)).isEqualTo(Occurred.EQUAL);
    assertThat(a.compare(copy)).isEqualTo(Occurred.EQUAL);
  }

  /** a BEFORE b iff b AFTER a; EQUAL and CONCURRENT are symmetric. */
  @Property
  void compareIsAntisymmetric(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
    assertThat(b.compare(a)).isEqualTo(a.compare(b).reversed());
  }

  /**
   * On chains a <= b <= c built counter by counter, a <= c, and strictly so when either step is
   * strict: transitivity of BEFORE, exercised where random triples would rarely be ordered.
   */
  @Property
  void beforeIsTransitive(
      @ForAll("counters") long[] base,
      @ForAll("counters") long[] step1,
      @ForAll("counters") long[] step2,
      @ForAll("millis") long[] millis) {
    VectorClock a = VersionArbitraries.clock(base, millis);
    VectorClock b = VersionArbitraries.clock(plus(base, step1), millis);
    VectorClock c = VersionArbitraries.clock(plus(plus(base, step1), step2), millis);
    boolean strict = a.compare(b) == Occurred.BEFORE || b.compare(c) == Occurred.BEFORE;

    Statistics.label("strict").collect(strict);
    assertThat(a.compare(b).isBeforeOrEqual()).isTrue();
    assertThat(b.compare(c).isBeforeOrEqual()).isTrue();
    assertThat(a.compare(c)).isEqualTo(strict ? Occurred.BEFORE : Occurred.EQUAL);
  }

  @Property
  void equalsAndHashCodeAgreeWithCompare(
      @ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
    assertThat(a.equals(b)).isEqualTo(a.compare(b) == Occurred.EQUAL);
    if (a.equals(b)) {
      assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
  }

  @Property
  void equalityIgnoresTimestamps(
      @ForAll("counters") long[] counters,
      @ForAll("millis") long[] millis1,
      @ForAll("millis") long[] millis2) {
    VectorClock a = VersionArbitraries.clock(counters, millis1);
    VectorClock b = VersionArbitraries.clock(counters, millis2);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }

  /** merge takes the maximum counter and the maximum timestamp of each node. */
  @Property
  void mergeIsThePointwiseMaximum(
      @ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
    VectorClock merged = a.merge(b);

    for (NodeId node : NODES) {
      assertThat(merged.counterOf(node)).isEqualTo(Math.max(a.counterOf(node), b.counterOf(node)));
      assertThat(millisOf(merged, node)).isEqualTo(Math.max(millisOf(a, node), millisOf(b, node)));
    }
    assertThat(merged.size()).isEqualTo(entryCount(merged));
  }

  /** Entries (timestamps included) are compared, not only the counters equals looks at. */
  @Property
  void mergeIsCommutative(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
    assertThat(a.merge(b).entries()).isEqualTo(b.merge(a).entries());
  }

  @Property
  void mergeIsAssociative(
      @ForAll("clocks") VectorClock a,
      @ForAll("clocks") VectorClock b,
      @ForAll("clocks") VectorClock c) {
    assertThat(a.merge(b).merge(c).entries()).isEqualTo(a.merge(b.merge(c)).entries());
  }

  @Property
  void mergeIsIdempotent(@ForAll("clocks") VectorClock a) {
    assertThat(a.merge(a).entries()).isEqualTo(a.entries());
  }

  @Property
  void mergeIsAnUpperBound(@ForAll("clocks") VectorClock a, @ForAll("clocks") VectorClock b) {
    VectorClock merged = a.merge(b);

    assertThat(a.compare(merged).isBeforeOrEqual()).isTrue();
    assertThat(b.compare(merged).isBeforeOrEqual()).isTrue();
  }

  /**
   * Every upper bound c of a and b, built as their pointwise maximum plus any extra, is above or
   * equal to the merge: the merge is the least upper bound.
   */
  @Property
  void mergeIsBelowEveryUpperBound(
      @ForAll("clocks") VectorClock a,
      @ForAll("clocks") VectorClock b,
      @ForAll("counters") long[] extra,
      @ForAll("millis") long[] millis) {
    long[] bound = new long[NODES.size()];
    for (int k = 0; k < bound.length; k++) {
      bound[k] = Math.max(a.counterOf(NODES.get(k)), b.counterOf(NODES.get(k))) + extra[k];
    }
    VectorClock c = VersionArbitraries.clock(bound, millis);

    assertThat(a.compare(c).isBeforeOrEqual()).isTrue();
    assertThat(b.compare(c).isBeforeOrEqual()).isTrue();
    assertThat(a.merge(b).compare(c).isBeforeOrEqual()).isTrue();
  }

  /** For any c at all: merge(a, b) <= c exactly when a <= c and b <= c. */
  @Property
  void mergeIsBelowExactlyTheUpperBounds(
      @ForAll("clocks") VectorClock a,
      @ForAll("clocks") VectorClock b,
      @ForAll("clocks") VectorClock c) {
    boolean isUpperBound = a.compare(c).isBeforeOrEqual() && b.compare(c).isBeforeOrEqual();

    assertThat(a.merge(b).compare(c).isBeforeOrEqual()).isEqualTo(isUpperBound);
  }

  /** Without pruning, increment adds one to one counter, stamps it, and leaves the rest. */
  @Property
  void incrementMakesAStrictSuccessor(
      @ForAll("clocks") VectorClock a,
      @ForAll("nodes") NodeId node,
      @ForAll @LongRange(max = 40) long nowMillis) {
    VectorClock next = a.increment(node, nowMillis, VectorClock.ENTRIES_MAX_DEFAULT);

    assertThat(next.compare(a)).isEqualTo(Occurred.AFTER);
    assertThat(millisOf(next, node)).isEqualTo(nowMillis);
    for (NodeId other : NODES) {
      long bump = other.equals(node) ? 1 : 0;
      assertThat(next.counterOf(other)).isEqualTo(a.counterOf(other) + bump);
    }
  }

  /**
   * Pruning keeps at most entriesMax entries, always the incremented one, and drops the oldest
   * (smaller node on a tie) without changing the counters it keeps. The result never looks older
   * than or equal to the original, so no write is lost.
   */
  @Property
  void pruningKeepsTheBoundTheIncrementedNodeAndTheNewestEntries(
      @ForAll("clocks") VectorClock a,
      @ForAll("nodes") NodeId node,
      @ForAll @LongRange(max = 40) long nowMillis,
      @ForAll @IntRange(min = 1, max = 6) int entriesMax) {
    VectorClock next = a.increment(node, nowMillis, entriesMax);
    VectorClock unpruned = a.increment(node, nowMillis, VectorClock.ENTRIES_MAX_DEFAULT);

    Statistics.label("pruned").collect(next.size() < unpruned.size());
    assertThat(next.size()).isEqualTo(Math.min(entriesMax, unpruned.size()));
    assertThat(next.counterOf(node)).isEqualTo(a.counterOf(node) + 1);
    assertThat(next.compare(a)).isIn(Occurred.AFTER, Occurred.CONCURRENT);
    for (Entry kept : next.entries()) {
      assertThat(unpruned.entries()).contains(kept);
      if (!kept.node().equals(node)) {
        assertDroppedAreOlder(unpruned, next, kept);
      }
    }
  }

  private static void assertDroppedAreOlder(VectorClock unpruned, VectorClock next, Entry kept) {
    for (Entry dropped : unpruned.entries()) {
      if (next.counterOf(dropped.node()) == 0) {
        boolean older =
            dropped.lastUpdatedMillis() < kept.lastUpdatedMillis()
                || (dropped.lastUpdatedMillis() == kept.lastUpdatedMillis()
                    && dropped.node().compareTo(kept.node()) < 0);
        assertThat(older).as("%s dropped before %s", dropped, kept).isTrue();
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

  private static long[] plus(long[] a, long[] b) {
    long[] sum = new long[a.length];
    for (int k = 0; k < a.length; k++) {
      sum[k] = a[k] + b[k];
    }
    return sum;
  }
}
