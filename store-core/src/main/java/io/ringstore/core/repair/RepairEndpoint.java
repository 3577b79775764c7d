package io.ringstore.core.repair;

import java.util.Objects;

/**
 * What a node's request handler routes anti-entropy requests to: the replica side that answers
 * peers' comparisons, this node's own runs, which {@code ringstore repair} starts and watches, and
 * what {@code ringstore decommission} starts ({@code decommission} throws {@link
 * IllegalStateException} naming why the node cannot leave).
 */
public record RepairEndpoint(
    AntiEntropyReplica replica, AntiEntropy antiEntropy, Runnable decommission) {
  public RepairEndpoint {
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(antiEntropy, "antiEntropy");
    Objects.requireNonNull(decommission, "decommission");
  }
}
