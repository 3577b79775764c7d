package io.ringstore.core.version;

import static io.ringstore.core.version.TestClocks.clock;
import static io.ringstore.core.version.TestClocks.entry;
import static io.ringstore.core.version.TestClocks.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.version.VectorClock.Entry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorClockTest {
  @Test
  void ofSortsEntriesByNode() {
    VectorClock clock = clock(entry("n2", 1, 20), entry("n1", 3, 10));

    assertThat(clock.size()).isEqualTo(2);
    assertThat(clock.node(0)).isEqualTo(node("n1"));
    assertThat(clock.counter(0)).isEqualTo(3);
    assertThat(clock.lastUpdatedMillis(0)).isEqualTo(10);
    assertThat(clock.node(1)).isEqualTo(node("n2"));
    assertThat(clock.entries()).containsExactly(entry("n1", 3, 10), entry("n2", 1, 20));
  }

  @Test
  void advanceRaisesOneEntryToAGivenCounterAndRefusesToLowerIt() {
    VectorClock clock = clock(entry("n1", 3, 10), entry("n2", 1, 20));

    VectorClock raised = clock.advance(node("n1"), 1_000, 30, 8);
    VectorClock added = clock.advance(node("n0"), 7, 40, 8);

    assertThat(raised.entries()).containsExactly(entry("n1", 1_000, 30), entry("n2", 1, 20));
    assertThat(raised.compare(clock)).isEqualTo(Occurred.AFTER);
    assertThat(added.entries()).startsWith(entry("n0", 7, 40));
    assertThatThrownBy(() -> clock.advance(node("n1"), 3, 30, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must exceed 3");
  }

  @Test
  void ofRejectsADuplicateNode() {
    assertThatThrownBy(() -> clock(entry("n1", 1), entry("n2", 1), entry("n1", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node n1 twice");
  }

  @Test
  void ofRejectsNulls() {
    assertThatThrownBy(() -> VectorClock.of(null)).isInstanceOf(IllegalArgumentException.class);
    List<Entry> withNull = Arrays.asList(entry("n1", 1), null);
    assertThatThrownBy(() -> VectorClock.of(withNull)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entryRejectsACounterBelowOneAndANullNode() {
    assertThatThrownBy(() -> entry("n1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counter 0 must be at least 1");
    assertThatThrownBy(() -> new Entry(null, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void counterOfIsZeroForAnAbsentNode() {
    VectorClock clock = clock(entry("n1", 3));

    assertThat(clock.counterOf(node("n1"))).isEqualTo(3);
    assertThat(clock.counterOf(node("n0"))).isZero();
    assertThat(VectorClock.empty().counterOf(node("n1"))).isZero();
  }

  @Test
  void compareOrdersAClockBeforeItsDescendant() {
    VectorClock older = clock(entry("n1", 1));
    VectorClock newer = clock(entry("n1", 2), entry("n2", 1));

    assertThat(older.compare(newer)).isEqualTo(Occurred.BEFORE);
    assertThat(newer.compare(older)).isEqualTo(Occurred.AFTER);
  }

  @Test
  void compareFindsAMissingEntryOnEitherSide() {
    VectorClock a = clock(entry("n1", 1), entry("n3", 1));
    VectorClock b = clock(entry("n1", 1), entry("n2", 1), entry("n3", 1));

    assertThat(a.compare(b)).isEqualTo(Occurred.BEFORE);
    assertThat(VectorClock.empty().compare(a)).isEqualTo(Occurred.BEFORE);
    assertThat(a.compare(VectorClock.empty())).isEqualTo(Occurred.AFTER);
  }

  @Test
  void compareCallsDivergentHistoriesConcurrent() {
    VectorClock a = clock(entry("n1", 2), entry("n2", 1));
    VectorClock b = clock(entry("n1", 1), entry("n2", 2));
    VectorClock c = clock(entry("n3", 1));

    assertThat(a.compare(b)).isEqualTo(Occurred.CONCURRENT);
    assertThat(a.compare(c)).isEqualTo(Occurred.CONCURRENT);
    assertThat(c.compare(a)).isEqualTo(Occurred.CONCURRENT);
  }

  @Test
  void compareAndEqualsIgnoreTimestamps() {
    VectorClock a = clock(entry("n1", 2, 100), entry("n2", 1, 5));
    VectorClock b = clock(entry("n1", 2, 7), entry("n2", 1, 900));

    assertThat(a.compare(b)).isEqualTo(Occurred.EQUAL);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(VectorClock.empty().compare(VectorClock.empty())).isEqualTo(Occurred.EQUAL);
  }

  @Test
  void mergeTakesThePointwiseMaximumOfCountersAndTimestamps() {
    VectorClock a = clock(entry("n1", 3, 30), entry("n2", 1, 50));
    VectorClock b = clock(entry("n1", 2, 40), entry("n3", 4, 10));

    assertThat(a.merge(b).entries())
        .containsExactly(entry("n1", 3, 40), entry("n2", 1, 50), entry("n3", 4, 10));
  }

  @Test
  void mergeWithEmptyIsTheSameClock() {
    VectorClock a = clock(entry("n1", 3, 30));

    assertThat(a.merge(VectorClock.empty()).entries()).isEqualTo(a.entries());
    assertThat(VectorClock.empty().merge(a).entries()).isEqualTo(a.entries());
  }

  @Test
  void mergeNeverPrunes() {
    VectorClock a = clock(entry("n1", 1), entry("n2", 1));
    VectorClock b = clock(entry("n3", 1), entry("n4", 1));

    assertThat(a.merge(b).size()).isEqualTo(4);
  }

  @Test
  void incrementBumpsAnExistingEntryAndStampsIt() {
    VectorClock clock = clock(entry("n1", 3, 10), entry("n2", 1, 20));

    VectorClock next = clock.increment(node("n1"), 99, VectorClock.ENTRIES_MAX_DEFAULT);

    assertThat(next.entries()).containsExactly(entry("n1", 4, 99), entry("n2", 1, 20));
    assertThat(next.compare(clock)).isEqualTo(Occurred.AFTER);
    assertThat(clock.entries()).containsExactly(entry("n1", 3, 10), entry("n2", 1, 20));
  }

  @Test
  void incrementInsertsAnAbsentNodeInOrder() {
    VectorClock clock = clock(entry("n1", 3, 10), entry("n3", 1, 20));

    VectorClock next = clock.increment(node("n2"), 99, VectorClock.ENTRIES_MAX_DEFAULT);

    assertThat(next.entries())
        .containsExactly(entry("n1", 3, 10), entry("n2", 1, 99), entry("n3", 1, 20));
  }

  @Test
  void incrementPrunesTheOldestEntries() {
    VectorClock clock = clock(entry("n1", 5, 30), entry("n2", 1, 10), entry("n3", 2, 20));

    VectorClock next = clock.increment(node("n4"), 99, 3);

    assertThat(next.entries())
        .containsExactly(entry("n1", 5, 30), entry("n3", 2, 20), entry("n4", 1, 99));
  }

  @Test
  void incrementPrunesTheSmallerNodeOnATimestampTie() {
    VectorClock clock = clock(entry("n1", 1, 10), entry("n2", 1, 10));

    VectorClock next = clock.increment(node("n3"), 99, 2);

    assertThat(next.entries()).containsExactly(entry("n2", 1, 10), entry("n3", 1, 99));
  }

  @Test
  void incrementNeverPrunesTheIncrementedNodeEvenIfItWasOldest() {
    VectorClock merged = clock(entry("n1", 1, 5), entry("n2", 1, 10), entry("n3", 1, 20));

    VectorClock next = merged.increment(node("n1"), 3, 1);

    assertThat(next.entries()).containsExactly(entry("n1", 2, 3));
  }

  @Test
  void incrementPrunesAMergedClockDownToTheBoundAtOnce() {
    VectorClock merged =
        clock(entry("n1", 1, 40), entry("n2", 1, 10), entry("n3", 1, 30), entry("n4", 1, 20));

    VectorClock next = merged.increment(node("n2"), 50, 2);

    assertThat(next.entries()).containsExactly(entry("n1", 1, 40), entry("n2", 2, 50));
  }

  /** The Dynamo trade-off (DeCandia et al. 2007, section 4.4): a spurious sibling, no lost data. */
  @Test
  void aPrunedDescendantLooksConcurrentWithItsAncestor() {
    VectorClock ancestor = clock(entry("n1", 1, 10), entry("n2", 1, 20));

    VectorClock descendant = ancestor.increment(node("n3"), 30, 2);

    assertThat(descendant.entries()).containsExactly(entry("n2", 1, 20), entry("n3", 1, 30));
    assertThat(descendant.compare(ancestor)).isEqualTo(Occurred.CONCURRENT);
  }

  @Test
  void incrementValidatesItsArguments() {
    VectorClock clock = clock(entry("n1", 1));

    assertThatThrownBy(() -> clock.increment(node("n1"), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entriesMax 0 must be at least 1");
    assertThatThrownBy(() -> clock.increment(null, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void incrementRefusesToOverflowACounter() {
    VectorClock clock = clock(entry("n1", Long.MAX_VALUE));

    assertThatThrownBy(() -> clock.increment(node("n1"), 0, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("n1");
  }

  @Test
  void toStringListsNodesAndCounters() {
    assertThat(clock(entry("n2", 1, 77), entry("n1", 3, 88))).hasToString("{n1:3, n2:1}");
    assertThat(VectorClock.empty()).hasToString("{}");
  }

  @Test
  void occurredReversedSwapsOnlyBeforeAndAfter() {
    assertThat(Occurred.BEFORE.reversed()).isEqualTo(Occurred.AFTER);
    assertThat(Occurred.AFTER.reversed()).isEqualTo(Occurred.BEFORE);
    assertThat(Occurred.EQUAL.reversed()).isEqualTo(Occurred.EQUAL);
    assertThat(Occurred.CONCURRENT.reversed()).isEqualTo(Occurred.CONCURRENT);
  }
}
