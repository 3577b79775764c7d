package io.ringstore.core.ring;

import io.ringstore.core.cluster.NodeId;
import java.util.List;

/**
 * A range of tokens and the nodes that replicate every key in it: the unit anti-entropy compares.
 * {@link Ring#rangesReplicatedBy} joins neighbouring virtual-node ranges with the same replicas
 * into one, so a small cluster compares a few large ranges rather than hundreds of small ones.
 *
 * @param replicas the replicas, in the preference-list order of the range's first virtual node
 */
public record ReplicatedRange(TokenRange range, List<NodeId> replicas) {
  public ReplicatedRange {
    replicas = List.copyOf(replicas);
  }
}
