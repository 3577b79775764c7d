package io.ringstore.core.repair;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.replica.AcceptorStates;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a node's request handler routes anti-entropy requests to: the replica side that answers
 * peers' comparisons and the one that hands Paxos state over when ranges move, this node's own
 * runs, which {@code ringstore repair} starts and watches, and what {@code ringstore decommission}
 * and {@code ringstore removenode} start (both throw {@link IllegalStateException} naming why not).
 */
public record RepairEndpoint(
    AntiEntropyReplica replica,
    AcceptorStates paxosStates,
    AntiEntropy antiEntropy,
    Runnable decommission,
    Consumer<NodeId> removeNode) {
  public RepairEndpoint {
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(paxosStates, "paxosStates");
    Objects.requireNonNull(antiEntropy, "antiEntropy");
    Objects.requireNonNull(decommission, "decommission");
    Objects.requireNonNull(removeNode, "removeNode");
  }
}
