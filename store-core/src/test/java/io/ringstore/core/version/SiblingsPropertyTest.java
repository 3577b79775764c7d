package io.ringstore.core.version;

import static io.ringstore.core.version.VersionGenerators.TRIES;
import static io.ringstore.core.version.VersionGenerators.assertCovered;
import static io.ringstore.core.version.VersionGenerators.node;
import static io.ringstore.core.version.VersionGenerators.show;
import static io.ringstore.core.version.VersionGenerators.versions;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The laws of {@link Siblings}, checked on {@value VersionGenerators#TRIES} random lists of 0..8
 * versions each. Clocks are drawn over four nodes with counters 0..2, so that a list often holds
 * ancestors and equal clocks as well as concurrent ones (see {@link VersionGenerators#version}).
 * Each test prints its seed; a failure names the try and its inputs, and replays with {@code mvn
 * test -Dtest=SiblingsPropertyTest#theTest -Dringstore.seed=N}.
 */
class SiblingsPropertyTest {
  /** Every two siblings are concurrent: none supersedes or equals another. */
  @Test
  void ofYieldsAnAntichain() {
    Random random = new Random(Seeds.seed("SiblingsPropertyTest.ofYieldsAnAntichain"));
    int droppingCount = 0;
    int conflictCount = 0;
    for (int i = 0; i < TRIES; i++) {
      List<Versioned> versions = versions(random);

      List<Versioned> siblings = Siblings.of(versions).versions();

      droppingCount += siblings.size() < versions.size() ? 1 : 0;
      conflictCount += siblings.size() > 1 ? 1 : 0;
      for (int j = 0; j < siblings.size(); j++) {
        for (int k = j + 1; k < siblings.size(); k++) {
          assertThat(siblings.get(j).clock().compare(siblings.get(k).clock()))
              .as("try %d: siblings %d and %d of %s", i, j, k, show(versions))
              .isEqualTo(Occurred.CONCURRENT);
        }
      }
    }
    assertCovered("lists with a version dropped", droppingCount, 2);
    assertCovered("lists with several siblings", conflictCount, 2);
  }

  /**
   * Siblings come from the input (or merge inputs of one content), no two share a content, and
   * every input is BEFORE or EQUAL to some sibling.
   */
  @Test
  void everyInputIsCoveredBySomeSibling() {
    Random random = new Random(Seeds.seed("SiblingsPropertyTest.everyInputIsCoveredBySomeSibling"));
    for (int i = 0; i < TRIES; i++) {
      List<Versioned> versions = versions(random);

      List<Versioned> siblings = Siblings.of(versions).versions();

      assertThat(contents(versions))
          .as("try %d: %s", i, show(versions))
          .containsAll(contents(siblings));
      assertThat(contents(siblings))
          .as("try %d: one sibling per content", i)
          .doesNotHaveDuplicates();
      for (Versioned version : versions) {
        assertThat(siblings)
            .as("try %d: a sibling covering %s in %s", i, show(version), show(versions))
            .anyMatch(sibling -> version.clock().compare(sibling.clock()).isBeforeOrEqual());
      }
    }
  }

  /**
   * Shuffling the input changes nothing, down to the clock timestamps: which of several versions
   * with equal clocks survives does not depend on their order.
   */
  @Test
  void ofIsIndependentOfInputOrder() {
    Random random = new Random(Seeds.seed("SiblingsPropertyTest.ofIsIndependentOfInputOrder"));
    int tieCount = 0;
    for (int i = 0; i < TRIES; i++) {
      List<Versioned> versions = versions(random);
      List<Versioned> shuffled = new ArrayList<>(versions);
      Collections.shuffle(shuffled, random);
      String inputs = show(versions) + " shuffled " + show(shuffled);

      Siblings expected = Siblings.of(versions);
      Siblings actual = Siblings.of(shuffled);

      tieCount += hasEqualClocks(versions) ? 1 : 0;
      assertThat(actual).as("try %d: %s", i, inputs).isEqualTo(expected);
      assertThat(clockEntries(actual))
          .as("try %d: timestamps: %s", i, inputs)
          .isEqualTo(clockEntries(expected));
    }
    assertCovered("lists with equal clocks", tieCount, 2);
  }

  /**
   * Adding the versions one by one gives the same siblings as taking them all at once when no two
   * inputs share a content; otherwise siblings of unique contents that cover every input. (A
   * sibling merged early keeps the events of an input that a later one supersedes, which taking
   * them all at once drops first.)
   */
  @Test
  void addAgreesWithOf() {
    Random random = new Random(Seeds.seed("SiblingsPropertyTest.addAgreesWithOf"));
    int distinct = 0;
    for (int i = 0; i < TRIES; i++) {
      List<Versioned> versions = versions(random);

      Siblings added = Siblings.empty();
      for (Versioned version : versions) {
        added = added.add(version);
      }

      if (contents(versions).stream().distinct().count() == versions.size()) {
        distinct++;
        assertThat(added).as("try %d: %s", i, show(versions)).isEqualTo(Siblings.of(versions));
        assertThat(clockEntries(added))
            .as("try %d: timestamps: %s", i, show(versions))
            .isEqualTo(clockEntries(Siblings.of(versions)));
      } else {
        assertThat(contents(added.versions())).as("try %d", i).doesNotHaveDuplicates();
        for (Versioned version : versions) {
          assertThat(added.versions())
              .as("try %d: a sibling covering %s in %s", i, show(version), show(versions))
              .anyMatch(sibling -> version.clock().compare(sibling.clock()).isBeforeOrEqual());
        }
      }
    }
    assertCovered("lists of distinct contents", distinct, 2);
  }

  /** Each version's content: its value bytes as a list, or "tombstone". */
  private static List<Object> contents(List<Versioned> versions) {
    List<Object> contents = new ArrayList<>();
    for (Versioned version : versions) {
      contents.add(version.isTombstone() ? "tombstone" : java.nio.ByteBuffer.wrap(version.value()));
    }
    return contents;
  }

  /**
   * The merged clock is the merge of every input clock (dropped ones add nothing), and a write with
   * it as context, incremented at any node, supersedes all the siblings.
   */
  @Test
  void mergedClockIsAContextThatSupersedesAll() {
    Random random =
        new Random(Seeds.seed("SiblingsPropertyTest.mergedClockIsAContextThatSupersedesAll"));
    for (int i = 0; i < TRIES; i++) {
      List<Versioned> versions = versions(random);
      NodeId coordinator = node(random);
      String inputs = show(versions) + " coordinator=" + coordinator;

      Siblings siblings = Siblings.of(versions);
      VectorClock inputsMerged = VectorClock.empty();
      for (Versioned version : versions) {
        inputsMerged = inputsMerged.merge(version.clock());
      }
      VectorClock context = siblings.mergedClock();
      Versioned write = Versioned.of(context.increment(coordinator, 100, 32), 100, new byte[] {1});

      assertThat(context).as("try %d: context: %s", i, inputs).isEqualTo(inputsMerged);
      assertThat(siblings.add(write).versions())
          .as("try %d: after the write: %s", i, inputs)
          .containsExactly(write);
    }
  }

  /** The last-write-wins pick is a sibling with the highest timestamp, absent only when empty. */
  @Test
  void lastWriteWinsPicksAHighestTimestamp() {
    Random random =
        new Random(Seeds.seed("SiblingsPropertyTest.lastWriteWinsPicksAHighestTimestamp"));
    int emptyCount = 0;
    int tieCount = 0;
    for (int i = 0; i < TRIES; i++) {
      List<Versioned> versions = versions(random);
      String inputs = show(versions);

      Siblings siblings = Siblings.of(versions);
      long timestampMaxMillis =
          siblings.versions().stream().mapToLong(Versioned::timestampMillis).max().orElse(-1);

      emptyCount += versions.isEmpty() ? 1 : 0;
      tieCount += countWithTimestamp(siblings, timestampMaxMillis) > 1 ? 1 : 0;
      assertThat(siblings.lastWriteWins().isPresent())
          .as("try %d: present: %s", i, inputs)
          .isEqualTo(!versions.isEmpty());
      int tryIndex = i;
      siblings
          .lastWriteWins()
          .ifPresent(
              winner -> {
                assertThat(siblings.versions())
                    .as("try %d: winner %s: %s", tryIndex, show(winner), inputs)
                    .contains(winner);
                assertThat(winner.timestampMillis())
                    .as("try %d: winner %s: %s", tryIndex, show(winner), inputs)
                    .isEqualTo(timestampMaxMillis);
              });
    }
    assertCovered("empty lists", emptyCount, 2);
    assertCovered("siblings tied on the highest timestamp", tieCount, 2);
  }

  private static long countWithTimestamp(Siblings siblings, long timestampMillis) {
    return siblings.versions().stream()
        .filter(version -> version.timestampMillis() == timestampMillis)
        .count();
  }

  private static boolean hasEqualClocks(List<Versioned> versions) {
    for (int j = 0; j < versions.size(); j++) {
      for (int k = j + 1; k < versions.size(); k++) {
        if (versions.get(j).clock().equals(versions.get(k).clock())) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<List<VectorClock.Entry>> clockEntries(Siblings siblings) {
    return siblings.versions().stream().map(version -> version.clock().entries()).toList();
  }
}
