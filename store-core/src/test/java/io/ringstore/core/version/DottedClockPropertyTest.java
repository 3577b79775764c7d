package io.ringstore.core.version;

import static io.ringstore.core.version.VersionGenerators.TRIES;
import static io.ringstore.core.version.VersionGenerators.assertCovered;
import static io.ringstore.core.version.VersionGenerators.between;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.version.VectorClock.Entry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dotted clocks against their meaning: a clock is a set of events (node, counter); a plain entry
 * n:c is the events 1..c of n, a dotted entry its runs. compare must be inclusion of those sets,
 * successor must add exactly its one event, and merge must be their union. Random clocks over three
 * nodes with counters up to 9, about half their entries in random runs; each test prints its seed
 * and replays with {@code -Dringstore.seed=N}.
 */
class DottedClockPropertyTest {
  private static final List<NodeId> NODES = List.of(NodeId.of("a"), NodeId.of("b"), NodeId.of("c"));
  private static final int COUNTER_MAX = 9;

  /** One event: the {@code counter}-th write coordinated by {@code node}. */
  private record Event(NodeId node, long counter) {}

  @Test
  void compareIsInclusionOfTheEventSets() {
    Random random = new Random(Seeds.seed("DottedClockPropertyTest.compareIsInclusion"));
    Map<Occurred, Integer> counts = new EnumMap<>(Occurred.class);
    int dottedPairs = 0;
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = random.nextInt(4) == 0 ? VectorClock.of(a.entries()) : clock(random);

      Occurred occurred = a.compare(b);

      counts.merge(occurred, 1, Integer::sum);
      dottedPairs += a.isDotted() && b.isDotted() ? 1 : 0;
      assertThat(occurred).as("try %d: a=%s b=%s", i, a, b).isEqualTo(byEvents(a, b));
      assertThat(a.equals(b))
          .as("try %d: a=%s b=%s", i, a, b)
          .isEqualTo(occurred == Occurred.EQUAL);
    }
    for (Occurred occurred : Occurred.values()) {
      assertCovered("a " + occurred + " b", counts.getOrDefault(occurred, 0), 2);
    }
    assertCovered("both dotted", dottedPairs, 10);
  }

  /** successor adds exactly its event, and the context comes before the result. */
  @Test
  void successorAddsExactlyItsEvent() {
    Random random = new Random(Seeds.seed("DottedClockPropertyTest.successorAddsItsEvent"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock context = clock(random);
      NodeId node = NODES.get(random.nextInt(NODES.size()));
      long counter = context.counterOf(node) + between(random, 1, 3);

      VectorClock next = context.successor(node, counter, 0, 8);

      Set<Event> expected = events(context);
      expected.add(new Event(node, counter));
      assertThat(events(next)).as("try %d: %s -> %s", i, context, next).isEqualTo(expected);
      assertThat(context.compare(next)).as("try %d", i).isEqualTo(Occurred.BEFORE);
    }
  }

  /** Two writes from one context are concurrent, whatever their counters; each follows it. */
  @Test
  void writesFromOneContextAreConcurrentAndFollowIt() {
    Random random = new Random(Seeds.seed("DottedClockPropertyTest.writesFromOneContext"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock context = clock(random);
      NodeId first = NODES.get(random.nextInt(NODES.size()));
      NodeId second = NODES.get(random.nextInt(NODES.size()));
      long counter = Math.max(context.counterOf(first), context.counterOf(second)) + 1;

      VectorClock one = context.successor(first, counter, 0, 8);
      VectorClock other = context.successor(second, counter + between(random, 1, 3), 0, 8);

      assertThat(one.compare(other))
          .as("try %d: %s and %s", i, one, other)
          .isEqualTo(Occurred.CONCURRENT);
      assertThat(context.compare(one)).as("try %d", i).isEqualTo(Occurred.BEFORE);
      assertThat(context.compare(other)).as("try %d", i).isEqualTo(Occurred.BEFORE);
    }
  }

  /** A merge is the union of the events: it claims no event neither clock holds. */
  @Test
  void mergeIsTheUnion() {
    Random random = new Random(Seeds.seed("DottedClockPropertyTest.mergeIsTheUnion"));
    for (int i = 0; i < TRIES; i++) {
      VectorClock a = clock(random);
      VectorClock b = clock(random);

      VectorClock merged = a.merge(b);

      Set<Event> union = events(a);
      union.addAll(events(b));
      assertThat(events(merged)).as("try %d: %s + %s = %s", i, a, b, merged).isEqualTo(union);
      assertThat(merged).as("try %d: commutes", i).isEqualTo(b.merge(a));
    }
  }

  /**
   * An entry keeps at most RUNS_MAX runs: beyond them successor fills the lowest gap, claiming its
   * events, and forgets none (a successor must cover its context to supersede it).
   */
  @Test
  void runsBeyondTheBoundFillTheLowestGap() {
    VectorClock clock = VectorClock.empty();
    NodeId node = NODES.get(0);
    for (int k = 0; k < VectorClock.RUNS_MAX + 2; k++) {
      VectorClock next = clock.successor(node, 10L * (k + 1), 0, 8);
      assertThat(clock.compare(next)).as("step %d", k).isEqualTo(Occurred.BEFORE);
      clock = next;
    }

    assertThat(clock.runs(0)).hasSize(2 * VectorClock.RUNS_MAX);
    assertThat(clock.holds(node, 10)).isTrue();
    assertThat(clock.holds(node, 15)).as("the lowest gap, filled").isTrue();
    assertThat(clock.holds(node, 25)).as("the next, filled too").isTrue();
    assertThat(clock.holds(node, 35)).as("a later gap stays").isFalse();
    assertThat(clock.holds(node, 10L * (VectorClock.RUNS_MAX + 2))).isTrue();
  }

  /**
   * A clock over a, b, c with counters 0..9; an entry is plain (1..counter) half the time, else a
   * random set of counters ending at its counter, which may come out plain too.
   */
  private static VectorClock clock(Random random) {
    List<Entry> entries = new ArrayList<>();
    for (NodeId node : NODES) {
      int counter = random.nextInt(COUNTER_MAX + 1);
      if (counter == 0) {
        continue;
      }
      entries.add(
          random.nextBoolean()
              ? new Entry(node, counter, 0)
              : new Entry(node, counter, 0, randomRuns(random, counter)));
    }
    return VectorClock.of(entries);
  }

  /** Runs holding {@code counter} and each lower counter with probability one half. */
  private static long[] randomRuns(Random random, int counter) {
    List<Long> bounds = new ArrayList<>();
    boolean inRun = false;
    for (int c = 1; c <= counter; c++) {
      boolean held = c == counter || random.nextBoolean();
      if (held && !inRun) {
        bounds.add((long) c);
      } else if (!held && inRun) {
        bounds.add((long) c - 1);
      }
      inRun = held;
    }
    bounds.add((long) counter);
    return bounds.stream().mapToLong(Long::longValue).toArray();
  }

  private static Set<Event> events(VectorClock clock) {
    Set<Event> events = new HashSet<>();
    for (int i = 0; i < clock.size(); i++) {
      for (long c = 1; c <= clock.counter(i); c++) {
        if (clock.holds(clock.node(i), c)) {
          events.add(new Event(clock.node(i), c));
        }
      }
    }
    return events;
  }

  private static Occurred byEvents(VectorClock a, VectorClock b) {
    Set<Event> eventsA = events(a);
    Set<Event> eventsB = events(b);
    boolean aWithinB = eventsB.containsAll(eventsA);
    boolean bWithinA = eventsA.containsAll(eventsB);
    if (aWithinB && bWithinA) {
      return Occurred.EQUAL;
    }
    if (aWithinB) {
      return Occurred.BEFORE;
    }
    return bWithinA ? Occurred.AFTER : Occurred.CONCURRENT;
  }
}
