package io.ringstore.core.wire;

import java.util.List;

/**
 * The answer to a {@link GossipSyn}: the member states the answering node knows newer than the
 * syn's digests, and a digest of each member of which the syn's sender knows more (the answering
 * node's own knowledge, so the sender sends only what is newer, in a {@link GossipAck2}). Also the
 * empty answer to a {@link GossipAck2}.
 *
 * @param wanted at most {@link WireLimits#RING_MEMBERS_MAX}
 * @param states at most {@link WireLimits#RING_MEMBERS_MAX}
 */
public record GossipAck(List<GossipDigest> wanted, List<GossipState> states) implements Response {
  /** The answer to a {@link GossipAck2}. */
  public static final GossipAck EMPTY = new GossipAck(List.of(), List.of());

  /** Copies the lists and checks their sizes. */
  public GossipAck {
    wanted = MessageChecks.bounded(wanted, WireLimits.RING_MEMBERS_MAX, "wanted gossip digests");
    states = MessageChecks.bounded(states, WireLimits.RING_MEMBERS_MAX, "gossip states");
  }
}
