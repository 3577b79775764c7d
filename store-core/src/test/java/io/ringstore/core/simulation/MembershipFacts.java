package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.List;

/**
 * What membership did in one run, for {@link MembershipConvergenceChecker} and {@link
 * NoFalseConvictionChecker}.
 *
 * @param convictions every DOWN judgement any node made, in order
 * @param convergedAfterHealNanos how long after the heal every node had every member on one ring
 *     and believed all of them UP; -1 if that never happened within the simulator's wait
 */
public record MembershipFacts(List<Conviction> convictions, long convergedAfterHealNanos) {
  /** Nothing recorded: a run that did not get to its heal. */
  public static final MembershipFacts NONE = new MembershipFacts(List.of(), -1);

  public MembershipFacts {
    convictions = List.copyOf(convictions);
  }

  /**
   * {@code judge} convicted {@code subject} at {@code atNanos} of simulated time; {@code false} if
   * no fault excuses it (see {@link MembershipWatch}).
   */
  public record Conviction(NodeId judge, NodeId subject, long atNanos, boolean unexcused) {}

  /** The convictions no fault excuses. */
  public List<Conviction> falseConvictions() {
    return convictions.stream().filter(Conviction::unexcused).toList();
  }
}
