package io.ringstore.core.wire;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a member announces of itself, apart from its heartbeat: where it listens, its zone and
 * weight, its status and the tokens it owns. It changes rarely, so gossip sends it only to a node
 * whose knowledge predates {@code version}.
 *
 * @param member address, zone and weight; host and zone within {@link WireLimits}
 * @param status where the member is in its life in the cluster
 * @param version the member's heartbeat when this info last changed, within the same generation
 * @param tokens ascending and distinct, at most {@link WireLimits#RING_MEMBER_TOKENS_MAX}; empty
 *     while the member has chosen none; held without copying
 */
public record GossipInfo(Member member, MemberStatus status, long version, long[] tokens) {
  /** Checks the arguments against {@link WireLimits}. */
  public GossipInfo {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(tokens, "tokens");
    MessageChecks.member(member);
    if (version < 0) {
      throw new IllegalArgumentException("gossip info of " + member.id() + ": version < 0");
    }
    if (tokens.length > WireLimits.RING_MEMBER_TOKENS_MAX) {
      throw new IllegalArgumentException(
          "gossip info of "
              + member.id()
              + ": "
              + tokens.length
              + " tokens exceed the maximum "
              + WireLimits.RING_MEMBER_TOKENS_MAX);
    }
    for (int i = 1; i < tokens.length; i++) {
      if (tokens[i] <= tokens[i - 1]) {
        throw new IllegalArgumentException(
            "gossip info of " + member.id() + ": tokens must ascend strictly");
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GossipInfo that
        && member.equals(that.member)
        && status == that.status
        && version == that.version
        && Arrays.equals(tokens, that.tokens);
  }

  @Override
  public int hashCode() {
    return Objects.hash(member, status, version, Arrays.hashCode(tokens));
  }

  @Override
  public String toString() {
    return "GossipInfo{"
        + member.id()
        + " "
        + status
        + " v"
        + version
        + ", "
        + tokens.length
        + " tokens}";
  }
}
