package io.ringstore.core.wire;

import io.ringstore.core.cluster.NodeId;
import java.util.Comparator;
import java.util.Objects;

/**
 * A Paxos ballot: a round number and the node that proposes under it. Ballots are totally ordered,
 * by round and then by node id, and no two proposals ever carry the same ballot: each node takes
 * its rounds from a counter it never reuses, in this life or any earlier one.
 *
 * @param round grows with every attempt; above every round the proposer has seen refused
 * @param proposer the node that proposes under this ballot
 */
public record Ballot(long round, NodeId proposer) implements Comparable<Ballot> {
  /**
   * The highest round a ballot may have: far above any a node issues (counters start near the wall
   * clock in microseconds), far enough below {@code Long.MAX_VALUE} that a proposer can always go
   * above a round it was refused with. A peer's message naming a higher one is malformed: a promise
   * at the top of the range would block its key for ever.
   */
  public static final long ROUND_MAX = 1L << 62;

  private static final Comparator<Ballot> ORDER =
      Comparator.comparingLong(Ballot::round).thenComparing(ballot -> ballot.proposer().value());

  public Ballot {
    if (round < 1 || round > ROUND_MAX) {
      throw new IllegalArgumentException(
          "a ballot's round is " + round + ", must be in [1, " + ROUND_MAX + "]");
    }
    Objects.requireNonNull(proposer, "proposer");
  }

  @Override
  public int compareTo(Ballot other) {
    return ORDER.compare(this, other);
  }

  /** Whether this ballot is above {@code other}; every ballot is above null (none yet). */
  public boolean isAbove(Ballot other) {
    return other == null || compareTo(other) > 0;
  }

  @Override
  public String toString() {
    return round + "@" + proposer;
  }
}
