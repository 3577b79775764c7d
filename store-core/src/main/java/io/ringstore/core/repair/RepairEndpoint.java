package io.ringstore.core.repair;

import java.util.Objects;

/**
 * What a node's request handler routes anti-entropy requests to: the replica side that answers
 * peers' comparisons, and this node's own runs, which {@code ringstore repair} starts and watches.
 */
public record RepairEndpoint(AntiEntropyReplica replica, AntiEntropy antiEntropy) {
  public RepairEndpoint {
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(antiEntropy, "antiEntropy");
  }
}
