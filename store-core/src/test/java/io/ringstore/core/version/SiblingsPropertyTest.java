package io.ringstore.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The laws of {@link Siblings}, checked on random lists of versions. Clocks are drawn over four
 * nodes with counters 0..2, so that a list often holds ancestors and equal clocks as well as
 * concurrent ones. jqwik prints the seed of a failing run; replay it with {@code @Property(seed =
 * "...")} on the failing property.
 */
@PropertyDefaults(tries = 1000)
class SiblingsPropertyTest {
  @Provide
  Arbitrary<List<Versioned>> versionLists() {
    return VersionArbitraries.versions(VersionArbitraries.clocks(4, 2)).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<NodeId> nodes() {
    return Arbitraries.of(VersionArbitraries.NODES);
  }

  /** Every two siblings are concurrent: none supersedes or equals another. */
  @Property
  void ofYieldsAnAntichain(@ForAll("versionLists") List<Versioned> versions) {
    List<Versioned> siblings = Siblings.of(versions).versions();

    Statistics.label("dropped").collect(versions.size() - siblings.size());
    for (int i = 0; i < siblings.size(); i++) {
      for (int j = i + 1; j < siblings.size(); j++) {
        assertThat(siblings.get(i).clock().compare(siblings.get(j).clock()))
            .isEqualTo(Occurred.CONCURRENT);
      }
    }
  }

  /** Siblings come from the input, and every input is BEFORE or EQUAL to some sibling. */
  @Property
  void everyInputIsCoveredBySomeSibling(@ForAll("versionLists") List<Versioned> versions) {
    List<Versioned> siblings = Siblings.of(versions).versions();

    assertThat(versions).containsAll(siblings);
    for (Versioned version : versions) {
      assertThat(siblings)
          .as("a sibling covering %s", version)
          .anyMatch(sibling -> version.clock().compare(sibling.clock()).isBeforeOrEqual());
    }
  }

  /**
   * Shuffling the input changes nothing, down to the clock timestamps. The shuffle's Random is
   * seeded by jqwik from the run's seed, so a failure replays.
   */
  @Property
  void ofIsIndependentOfInputOrder(
      @ForAll("versionLists") List<Versioned> versions, @ForAll Random random) {
    List<Versioned> shuffled = new ArrayList<>(versions);
    Collections.shuffle(shuffled, random);

    Siblings expected = Siblings.of(versions);
    Siblings actual = Siblings.of(shuffled);

    assertThat(actual).isEqualTo(expected);
    assertThat(clockEntries(actual)).isEqualTo(clockEntries(expected));
  }

  /** Adding the versions one by one gives the same siblings as taking them all at once. */
  @Property
  void addAgreesWithOf(@ForAll("versionLists") List<Versioned> versions) {
    Siblings added = Siblings.empty();
    for (Versioned version : versions) {
      added = added.add(version);
    }

    assertThat(added).isEqualTo(Siblings.of(versions));
    assertThat(clockEntries(added)).isEqualTo(clockEntries(Siblings.of(versions)));
  }

  /**
   * The merged clock is the merge of every input clock (dropped ones add nothing), and a write with
   * it as context, incremented at any node, supersedes all the siblings.
   */
  @Property
  void mergedClockIsAContextThatSupersedesAll(
      @ForAll("versionLists") List<Versioned> versions, @ForAll("nodes") NodeId coordinator) {
    Siblings siblings = Siblings.of(versions);
    VectorClock inputsMerged = VectorClock.empty();
    for (Versioned version : versions) {
      inputsMerged = inputsMerged.merge(version.clock());
    }
    VectorClock context = siblings.mergedClock();
    Versioned write = Versioned.of(context.increment(coordinator, 100, 32), 100, new byte[] {1});

    assertThat(context).isEqualTo(inputsMerged);
    assertThat(siblings.add(write).versions()).containsExactly(write);
  }

  /** The last-write-wins pick is a sibling with the highest timestamp, absent only when empty. */
  @Property
  void lastWriteWinsPicksAHighestTimestamp(@ForAll("versionLists") List<Versioned> versions) {
    Siblings siblings = Siblings.of(versions);
    long timestampMaxMillis =
        siblings.versions().stream().mapToLong(Versioned::timestampMillis).max().orElse(-1);

    assertThat(siblings.lastWriteWins().isPresent()).isEqualTo(!versions.isEmpty());
    siblings
        .lastWriteWins()
        .ifPresent(
            winner -> {
              assertThat(siblings.versions()).contains(winner);
              assertThat(winner.timestampMillis()).isEqualTo(timestampMaxMillis);
            });
  }

  private static List<List<VectorClock.Entry>> clockEntries(Siblings siblings) {
    return siblings.versions().stream().map(version -> version.clock().entries()).toList();
  }
}
