package io.ringstore.core.wire;

import io.ringstore.core.cluster.NodeId;
import java.util.Objects;

/**
 * Asks a node to take the dead member {@code node} off the ring ({@code ringstore removenode}): it
 * gossips the member as REMOVED, and the nodes that gain its ranges sync them from the other
 * replicas. Answered with the node's {@link ClusterStateResponse} after the removal, or an error
 * naming why not (the member is not DOWN, unknown, owns nothing, or the ring would keep fewer than
 * N members).
 */
public record RemoveNodeRequest(NodeId node) implements ClientRequest {
  public RemoveNodeRequest {
    Objects.requireNonNull(node, "node");
  }
}
