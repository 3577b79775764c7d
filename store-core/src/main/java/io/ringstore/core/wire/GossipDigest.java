package io.ringstore.core.wire;

import io.ringstore.core.cluster.NodeId;
import java.util.Objects;

/**
 * How much a node knows of one member: the member's generation (its restart count) and the highest
 * heartbeat of that generation it has seen. A digest costs a few bytes, so a gossip round sends one
 * per member and only the states the other side lacks travel in full.
 *
 * @param node the member
 * @param generation 0 or more; grows with every restart of the member
 * @param heartbeat 0 or more; grows within a generation
 */
public record GossipDigest(NodeId node, long generation, long heartbeat) {
  /** Rejects a null node and negative counters. */
  public GossipDigest {
    Objects.requireNonNull(node, "node");
    if (generation < 0 || heartbeat < 0) {
      throw new IllegalArgumentException(
          "gossip digest of " + node + ": generation and heartbeat must not be negative");
    }
  }

  /** Whether this knowledge is newer than {@code other}'s of the same member. */
  public boolean isNewerThan(long otherGeneration, long otherHeartbeat) {
    return generation > otherGeneration
        || (generation == otherGeneration && heartbeat > otherHeartbeat);
  }
}
