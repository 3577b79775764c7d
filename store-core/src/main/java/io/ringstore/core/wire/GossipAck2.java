package io.ringstore.core.wire;

import java.util.List;

/**
 * The last message of a gossip round: the states the receiver said it wanted in its {@link
 * GossipAck}. Answered with {@link GossipAck#EMPTY}.
 *
 * @param states at most {@link WireLimits#RING_MEMBERS_MAX}
 */
public record GossipAck2(List<GossipState> states) implements PeerRequest {
  /** Copies the list and checks its size. */
  public GossipAck2 {
    states = MessageChecks.bounded(states, WireLimits.RING_MEMBERS_MAX, "gossip states");
  }
}
