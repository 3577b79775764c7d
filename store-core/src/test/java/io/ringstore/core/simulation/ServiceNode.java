package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.time.Scheduler;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a {@link SimulatedService} gets on one incarnation of a node.
 *
 * @param id this node
 * @param members every node of the cluster, in id order
 * @param outbox sends to nodes and clients
 * @param scheduler this incarnation's timers, on the node's drifting clock; they die with it
 * @param log writes a line to the event log under this node's name
 */
public record ServiceNode(
    NodeId id,
    List<NodeId> members,
    ServiceOutbox outbox,
    Scheduler scheduler,
    Consumer<String> log) {
  public ServiceNode {
    members = List.copyOf(members);
  }
}
