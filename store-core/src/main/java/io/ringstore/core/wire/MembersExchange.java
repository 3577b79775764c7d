package io.ringstore.core.wire;

import io.ringstore.core.cluster.Member;
import java.util.List;

/**
 * A node sends every member it knows (itself included) to another node, which merges them into its
 * own list and answers with a {@link MembersResponse} holding its merged list. Sent periodically to
 * every known member and every seed, so that nodes converge on one member set.
 *
 * @param members at most {@link WireLimits#RING_MEMBERS_MAX}, host and zone within {@link
 *     WireLimits#HOST_CHARS_MAX} and {@link WireLimits#ZONE_CHARS_MAX}
 */
public record MembersExchange(List<Member> members) implements PeerRequest {
  /** Copies the list and checks it against {@link WireLimits}. */
  public MembersExchange {
    members = MessageChecks.members(members);
  }
}
