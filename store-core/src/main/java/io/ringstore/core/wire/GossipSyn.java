package io.ringstore.core.wire;

import java.util.List;

/**
 * The first message of a gossip round: a digest of every member the sender knows. The receiver
 * answers with a {@link GossipAck}: the states it knows newer, and digests of those it wants.
 *
 * @param digests at most {@link WireLimits#RING_MEMBERS_MAX}
 */
public record GossipSyn(List<GossipDigest> digests) implements PeerRequest {
  /** Copies the list and checks its size. */
  public GossipSyn {
    digests = MessageChecks.bounded(digests, WireLimits.RING_MEMBERS_MAX, "gossip digests");
  }
}
