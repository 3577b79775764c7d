package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the simulator's nodes are in the cluster: spares wait outside until a {@link Fault.Join}
 * starts them, and a node that was decommissioned leaves for good once it has announced LEFT and
 * the ring change has settled. Nodes outside are never started, restarted or read from.
 */
final class Roster {
  private final Set<NodeId> spares = new TreeSet<>();
  private final Set<NodeId> departed = new TreeSet<>();

  /** Marks {@code node} as a spare, outside the cluster until it joins. */
  void addSpare(NodeId node) {
    spares.add(node);
  }

  /** The spare {@code node} joins; returns false if it is not a spare (joined or unknown). */
  boolean join(NodeId node) {
    return spares.remove(node);
  }

  /** {@code node} has left the cluster for good. */
  void depart(NodeId node) {
    departed.add(node);
  }

  /** Whether {@code node} is in the cluster: not a spare waiting and not departed. */
  boolean inCluster(NodeId node) {
    return !spares.contains(node) && !departed.contains(node);
  }

  /** Whether {@code node} has left the cluster for good. */
  boolean departed(NodeId node) {
    return departed.contains(node);
  }
}
