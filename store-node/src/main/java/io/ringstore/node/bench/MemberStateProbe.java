package io.ringstore.node.bench;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import java.util.Map;
import java.util.Optional;

/**
 * Asks one node what it believes of every member: {@link #UP}, {@link #SUSPECT} or {@link #DOWN}.
 * The failover benchmark measures detection and recovery against it.
 */
@FunctionalInterface
public interface MemberStateProbe {
  /** A member the node believes serves. */
  String UP = "UP";

  /** A member the node suspects (a failed request, a rising phi) but has not convicted. */
  String SUSPECT = "SUSPECT";

  /** A member the node has convicted. */
  String DOWN = "DOWN";

  /**
   * The state of each member as {@code node} sees it, or empty if it did not answer or cannot say.
   * Bounded in time by the probe's own timeout.
   */
  Optional<Map<NodeId, String>> statesSeenBy(HostPort node);

  /** A probe of nodes that cannot say: every figure measured against it is unknown. */
  static MemberStateProbe unknown() {
    return node -> Optional.empty();
  }
}
