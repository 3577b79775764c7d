package io.ringstore.core.simulation;

import java.util.List;

/**
 * Membership converges after the heal: within {@link #CONVERGE_MILLIS_MAX} of simulated time from
 * the moment faults stop and stopped nodes restart, every node has every member on one ring (the
 * same epoch on every node) and believes every member UP.
 *
 * <p><b>The bound.</b> A restarted node restores its tokens and members at once and gossips in its
 * first round; the others hear its new generation within a round or two (about 1-2 s at one round a
 * second), and the detector clears on the first heartbeat. A node whose disk was lost must also
 * re-learn its tokens from the others (a round) or choose new ones after the joining members before
 * it ({@code joinWaitRounds}, 3 rounds). Silence and failures that request evidence saw during the
 * faults clear on the next answered gossip round. Ten seconds is about twice the worst of these;
 * the batch prints the longest it saw. A run whose ring changed (a join or a decommission) may
 * still be moving ranges at the heal: a joining node waits the ring settle time (ten rounds) before
 * it streams, so such a run has {@link #RING_CHANGE_MILLIS_MAX} more.
 */
public final class MembershipConvergenceChecker implements Checker {
  /** Longest time to converge after the heal. */
  static final long CONVERGE_MILLIS_MAX = 10_000;

  /** More time for a run whose ring changed: the settle time and a stream. */
  static final long RING_CHANGE_MILLIS_MAX = 15_000;

  @Override
  public String name() {
    return "membership converges after the heal";
  }

  @Override
  public CheckResult check(History history) {
    long nanos = history.membership().convergedAfterHealNanos();
    if (nanos < 0) {
      return new CheckResult(name(), true, List.of("membership never converged after the heal"));
    }
    long boundMillis =
        CONVERGE_MILLIS_MAX + (history.faults().ringChanged() ? RING_CHANGE_MILLIS_MAX : 0);
    if (nanos > boundMillis * 1_000_000) {
      return new CheckResult(
          name(),
          true,
          List.of(
              "membership converged "
                  + nanos / 1_000_000
                  + " ms after the heal, over the bound of "
                  + boundMillis
                  + " ms"));
    }
    return new CheckResult(name(), true, List.of());
  }
}
