package io.ringstore.core.version;

import static io.ringstore.core.version.TestClocks.clock;
import static io.ringstore.core.version.TestClocks.entry;
import static io.ringstore.core.version.TestClocks.node;
import static io.ringstore.core.version.TestClocks.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiblingsTest {
  private static final Versioned V1 = value(clock(entry("n1", 1)), 10, "v1");
  private static final Versioned V2_FROM_V1 = value(clock(entry("n1", 2)), 20, "v2");
  private static final Versioned W_FROM_V1 = value(clock(entry("n1", 1), entry("n2", 1)), 15, "w");

  @Test
  void ofDropsEveryAncestor() {
    Siblings siblings = Siblings.of(List.of(V2_FROM_V1, V1));

    assertThat(siblings.versions()).containsExactly(V2_FROM_V1);
    assertThat(siblings.size()).isEqualTo(1);
  }

  @Test
  void ofKeepsConcurrentVersionsInLastWriteWinsOrder() {
    Siblings siblings = Siblings.of(List.of(V2_FROM_V1, V1, W_FROM_V1));

    assertThat(siblings.versions()).containsExactly(W_FROM_V1, V2_FROM_V1);
    assertThat(siblings.lastWriteWins()).contains(V2_FROM_V1);
  }

  @Test
  void ofKeepsOneOfTwoEqualClocksTheLaterWrite() {
    Versioned earlier = value(clock(entry("n1", 1)), 10, "a");
    Versioned later = value(clock(entry("n1", 1)), 11, "b");

    assertThat(Siblings.of(List.of(earlier, later)).versions()).containsExactly(later);
    assertThat(Siblings.of(List.of(later, earlier)).versions()).containsExactly(later);
  }

  @Test
  void concurrentVersionsOfOneValueAreOneSiblingCoveringBoth() {
    Versioned stored = value(clock(entry("n1", 1), entry("n2", 4)), 10, "same");
    Versioned retried = value(clock(entry("n1", 1), entry("n3", 7)), 12, "same");
    Versioned other = value(clock(entry("n1", 1), entry("n4", 2)), 11, "other");

    Siblings siblings = Siblings.of(List.of(stored, other, retried));

    assertThat(siblings.size()).isEqualTo(2);
    Versioned merged = siblings.versions().get(1);
    assertThat(merged.value()).isEqualTo(stored.value());
    assertThat(merged.timestampMillis()).isEqualTo(12);
    assertThat(stored.clock().compare(merged.clock())).isEqualTo(Occurred.BEFORE);
    assertThat(retried.clock().compare(merged.clock())).isEqualTo(Occurred.BEFORE);
    assertThat(Siblings.of(List.of(retried, other, stored))).isEqualTo(siblings);
  }

  @Test
  void anEmptyValueAndATombstoneStayTwoSiblings() {
    Versioned empty = Versioned.of(clock(entry("n1", 1)), 10, new byte[0]);
    Versioned tombstone = Versioned.tombstone(clock(entry("n2", 1)), 10);

    assertThat(Siblings.of(List.of(empty, tombstone)).size()).isEqualTo(2);
  }

  @Test
  void aTombstoneWinsATieWithAValue() {
    Versioned value = value(clock(entry("n1", 1)), 10, "a");
    Versioned tombstone = Versioned.tombstone(clock(entry("n1", 1)), 10);

    assertThat(Siblings.of(List.of(value, tombstone)).versions()).containsExactly(tombstone);
  }

  @Test
  void addSupersedesDropsAndKeeps() {
    Siblings siblings = Siblings.empty().add(V1);

    assertThat(siblings.add(W_FROM_V1).add(V2_FROM_V1).versions())
        .containsExactly(W_FROM_V1, V2_FROM_V1);
    assertThat(siblings.add(V2_FROM_V1).add(V1).versions()).containsExactly(V2_FROM_V1);
    assertThat(siblings.versions()).containsExactly(V1);
  }

  @Test
  void mergedClockIsTheContextThatSupersedesEverySibling() {
    Siblings siblings = Siblings.of(List.of(V2_FROM_V1, W_FROM_V1));

    VectorClock context = siblings.mergedClock();
    Versioned reconciled = value(context.increment(node("n3"), 30, 32), 30, "v2+w");

    assertThat(context).isEqualTo(clock(entry("n1", 2), entry("n2", 1)));
    assertThat(siblings.add(reconciled).versions()).containsExactly(reconciled);
  }

  @Test
  void lastWriteWinsBreaksATimestampTieByClock() {
    Versioned a = value(clock(entry("n1", 1)), 10, "z");
    Versioned b = value(clock(entry("n2", 1)), 10, "a");

    assertThat(Siblings.of(List.of(a, b)).lastWriteWins()).contains(b);
    assertThat(Siblings.of(List.of(b, a)).lastWriteWins()).contains(b);
  }

  @Test
  void emptySiblingsHaveNoWinnerAndAnEmptyContext() {
    Siblings empty = Siblings.of(List.of());

    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.size()).isZero();
    assertThat(empty.lastWriteWins()).isEmpty();
    assertThat(empty.mergedClock()).isEqualTo(VectorClock.empty());
    assertThat(empty).isEqualTo(Siblings.empty());
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> Siblings.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Siblings.of(Arrays.asList(V1, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Siblings.empty().add(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
