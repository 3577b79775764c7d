package io.ringstore.core.wire;

import io.ringstore.core.cluster.NodeId;
import java.util.Objects;

/**
 * The answer to a {@link PeerHello}: the connection is now known to come from that node.
 *
 * @param node the node that accepted the connection, so the opener can check it reached the node it
 *     meant
 */
public record PeerWelcome(NodeId node) implements Response {
  /** Rejects a null node. */
  public PeerWelcome {
    Objects.requireNonNull(node, "node");
  }
}
