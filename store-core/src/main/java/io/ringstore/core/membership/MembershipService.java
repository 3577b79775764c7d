package io.ringstore.core.membership;

import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.MembersExchange;
import io.ringstore.core.wire.Response;

/** Serves the membership requests other nodes send: the one method family of membership. */
@FunctionalInterface
public interface MembershipService {
  /** The service of a node on a fixed ring: it learns no members and refuses exchanges. */
  MembershipService FIXED_RING =
      exchange ->
          ErrorResponse.of(
              ErrorCode.BAD_REQUEST, "this node runs on a fixed ring and learns no members");

  /** Merges the sender's members and answers with this node's list, or an error. */
  Response exchange(MembersExchange exchange);
}
