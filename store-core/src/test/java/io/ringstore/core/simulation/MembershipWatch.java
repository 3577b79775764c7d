package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches membership as a run goes: every conviction a node's failure detector makes (a {@code
 * membership: X is DOWN} event), judged against what the faults did to the convicted node and to
 * the judge at that moment; and how long membership took to converge after the heal. Feeds {@link
 * MembershipFacts} to the checkers.
 *
 * <p><b>When a conviction is excused.</b> The subject or the judge was down, paused, cut off from
 * anyone, or restarted within {@link #EXCUSE_WINDOW_MILLIS} before it, or the network was losing
 * messages: then the detector had a reason to doubt. A conviction with none of these is false: the
 * detector convicted a live, reachable node under the ordinary latency model.
 */
final class MembershipWatch {
  /** A disturbance excuses convictions this long after it ends: past the detector's 2 s. */
  static final long EXCUSE_WINDOW_MILLIS = 5_000;

  private static final Pattern CONVICTION = Pattern.compile("membership: (\\S+) is DOWN ");

  private final EventQueue events;
  private final Map<NodeId, Long> disturbedUntilNanos = new HashMap<>();
  private final List<MembershipFacts.Conviction> convictions = new ArrayList<>();
  private boolean lossy;
  private long convergedAfterHealNanos = -1;

  MembershipWatch(EventQueue events) {
    this.events = events;
  }

  /** A membership event line of {@code node}. */
  void event(NodeId node, String line) {
    Matcher matcher = CONVICTION.matcher(line);
    if (matcher.find()) {
      NodeId subject = NodeId.of(matcher.group(1));
      boolean excused = lossy || disturbed(subject) || disturbed(node);
      convictions.add(new MembershipFacts.Conviction(node, subject, events.nowNanos(), !excused));
    }
  }

  /** {@code node} is disturbed (down, paused, cut off) until at least {@code untilNanos}. */
  void disturbed(NodeId node, long untilNanos) {
    disturbedUntilNanos.merge(node, untilNanos, Math::max);
  }

  /** {@code node} is disturbed from now on, until {@link #settled} says otherwise. */
  void disturbedUntilFurtherNotice(NodeId node) {
    disturbed(node, Long.MAX_VALUE);
  }

  /** {@code node}'s disturbance ends now. */
  void settled(NodeId node) {
    disturbedUntilNanos.put(node, events.nowNanos());
  }

  /** Whether the network loses messages now. */
  void lossy(boolean losing) {
    lossy = losing;
  }

  /** Membership converged (see {@link Simulator}) this long after the heal. */
  void convergedAfterHeal(long nanos) {
    convergedAfterHealNanos = nanos;
  }

  MembershipFacts facts() {
    return new MembershipFacts(convictions, convergedAfterHealNanos);
  }

  private boolean disturbed(NodeId node) {
    long until = disturbedUntilNanos.getOrDefault(node, Long.MIN_VALUE);
    long window = EXCUSE_WINDOW_MILLIS * 1_000_000;
    return until != Long.MIN_VALUE
        && (until == Long.MAX_VALUE || events.nowNanos() < until + window);
  }
}
