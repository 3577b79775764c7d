package io.ringstore.core.wire;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeState;
import java.util.List;
import java.util.Objects;

/**
 * What one node believes of every member it knows, itself included.
 *
 * @param ringEpoch the epoch of the node's ring
 * @param members at most {@link WireLimits#RING_MEMBERS_MAX}
 */
public record ClusterStateResponse(long ringEpoch, List<MemberView> members) implements Response {
  /** Copies the list and checks its size. */
  public ClusterStateResponse {
    if (ringEpoch < 0) {
      throw new IllegalArgumentException("ring epoch " + ringEpoch + " must not be negative");
    }
    members = MessageChecks.bounded(members, WireLimits.RING_MEMBERS_MAX, "member views");
  }

  /**
   * One member as the answering node sees it.
   *
   * @param member address, zone and weight
   * @param status what the member announces: joining, normal, leaving...
   * @param state what the answering node believes: up, suspect or down
   * @param phi the failure detector's suspicion level, 0 or more (0 for the node itself)
   * @param generation the member's restart count as last heard
   * @param heartbeat the member's heartbeat as last heard
   * @param tokenCount how many tokens the member announces
   */
  public record MemberView(
      Member member,
      MemberStatus status,
      NodeState state,
      double phi,
      long generation,
      long heartbeat,
      int tokenCount) {
    /** Checks every field. */
    public MemberView {
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(state, "state");
      MessageChecks.member(member);
      if (!(phi >= 0) || generation < 0 || heartbeat < 0 || tokenCount < 0) {
        throw new IllegalArgumentException(
            "member view of " + member.id() + ": phi and counters must not be negative");
      }
    }
  }
}
