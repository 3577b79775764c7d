package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.node.bench.MemberStateProbe;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link MemberStateProbe} that asks the node itself: a cluster state request through a {@link
 * NodeProbe}, bounded by {@link #TIMEOUT_MILLIS}, each member's {@code NodeState} by its name.
 */
final class NodeMemberStateProbe implements MemberStateProbe, AutoCloseable {
  /**
   * Longest wait for one node's answer: a node that takes longer (paused, cut off) counts as not
   * answering in that round, so that rounds stay a few hundred milliseconds apart.
   */
  static final long TIMEOUT_MILLIS = 300;

  private final NodeProbe probe = new NodeProbe();

  @Override
  public Optional<Map<NodeId, String>> statesSeenBy(HostPort node) {
    return probe.clusterState(node, TIMEOUT_MILLIS).map(NodeMemberStateProbe::states);
  }

  private static Map<NodeId, String> states(ClusterStateResponse response) {
    Map<NodeId, String> states = new HashMap<>();
    for (ClusterStateResponse.MemberView view : response.members()) {
      states.put(view.member().id(), view.state().name());
    }
    return states;
  }

  @Override
  public void close() {
    probe.close();
  }
}
