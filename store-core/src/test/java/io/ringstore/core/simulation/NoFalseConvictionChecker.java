package io.ringstore.core.simulation;

import java.util.List;

/**
 * The failure detector convicts no live node under the default latency model: every DOWN judgement
 * must be excused by a fault that touched the convicted node or its judge shortly before, or by a
 * lossy network (see {@link MembershipWatch}). The bound on unexcused convictions is zero: phi at 8
 * with heartbeats about a second apart needs about two seconds of silence, and the default latency
 * model delays a message by milliseconds.
 */
public final class NoFalseConvictionChecker implements Checker {
  @Override
  public String name() {
    return "no live node convicted";
  }

  @Override
  public CheckResult check(History history) {
    List<String> violations =
        history.membership().falseConvictions().stream()
            .map(
                c ->
                    c.judge()
                        + " convicted the live, reachable "
                        + c.subject()
                        + " at "
                        + c.atNanos() / 1_000_000
                        + " ms")
            .toList();
    return new CheckResult(name(), true, violations);
  }
}
