package io.ringstore.core.wire;

import io.ringstore.core.cluster.NodeId;
import java.util.Objects;

/**
 * One member's state as gossip carries it: its generation and heartbeat, and its {@link GossipInfo}
 * when the receiver's knowledge predates the info's version (null otherwise).
 *
 * @param node the member
 * @param generation 0 or more; grows with every restart of the member
 * @param heartbeat 0 or more; grows within a generation, at least the info's version
 * @param infoOrNull the member's info, or null when the receiver already has it
 */
public record GossipState(NodeId node, long generation, long heartbeat, GossipInfo infoOrNull) {
  /** Checks the counters, and that the info belongs to {@code node} and is not from the future. */
  public GossipState {
    new GossipDigest(node, generation, heartbeat); // the same checks
    if (infoOrNull != null
        && (!infoOrNull.member().id().equals(node) || infoOrNull.version() > heartbeat)) {
      throw new IllegalArgumentException(
          "gossip state of " + node + ": its info belongs to another member or a later heartbeat");
    }
  }

  /** The digest of this state. */
  public GossipDigest digest() {
    return new GossipDigest(Objects.requireNonNull(node), generation, heartbeat);
  }
}
