package io.ringstore.core.wire;

import io.ringstore.core.cluster.Member;
import java.util.List;

/**
 * The answer to a {@link MembersExchange}: every member the receiver knows after merging.
 *
 * @param members as in {@link MembersExchange#members()}
 */
public record MembersResponse(List<Member> members) implements Response {
  /** Copies the list and checks it against {@link WireLimits}. */
  public MembersResponse {
    members = MessageChecks.members(members);
  }
}
