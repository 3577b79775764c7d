package io.ringstore.core.cluster;

import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of what one node believes of the others' liveness: the part of the cluster
 * state a coordinator plans against besides the ring. A node missing from the snapshot is {@link
 * NodeState#UP}: a node nobody has judged yet gets the benefit of the doubt.
 */
public final class NodeStates {
  /** Everyone up: a fixed ring, or a node whose detector has judged no one. */
  public static final NodeStates ALL_UP = new NodeStates(Map.of());

  private final Map<NodeId, NodeState> notUp;

  private NodeStates(Map<NodeId, NodeState> notUp) {
    this.notUp = notUp;
  }

  /** The snapshot of {@code states}; UP entries are dropped. */
  public static NodeStates of(Map<NodeId, NodeState> states) {
    Map<NodeId, NodeState> notUp = new TreeMap<>();
    states.forEach(
        (node, state) -> {
          if (state != NodeState.UP) {
            notUp.put(node, state);
          }
        });
    return notUp.isEmpty() ? ALL_UP : new NodeStates(Map.copyOf(notUp));
  }

  /** What is believed of {@code node}. */
  public NodeState stateOf(NodeId node) {
    return notUp.getOrDefault(node, NodeState.UP);
  }

  /** Whether every node is believed up. */
  public boolean allUp() {
    return notUp.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NodeStates that && notUp.equals(that.notUp);
  }

  @Override
  public int hashCode() {
    return notUp.hashCode();
  }

  @Override
  public String toString() {
    return allUp() ? "all up" : new TreeMap<>(notUp).toString();
  }
}
