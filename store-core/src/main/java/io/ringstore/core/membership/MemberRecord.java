package io.ringstore.core.membership;

import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.wire.GossipDigest;
import io.ringstore.core.wire.GossipInfo;
import io.ringstore.core.wire.GossipState;

/**
 * What a node knows of one member: the newest generation and heartbeat heard, the member's info,
 * and this node's failure detector and liveness judgement of it. Mutable; owned and guarded by
 * {@link GossipMembership}.
 */
final class MemberRecord {
  long generation;
  long heartbeat;
  GossipInfo info;
  PhiAccrualDetector detector;
  NodeState state = NodeState.UP;

  MemberRecord(GossipState state, PhiAccrualDetector detector) {
    this.generation = state.generation();
    this.heartbeat = state.heartbeat();
    this.info = state.infoOrNull();
    this.detector = detector;
  }

  GossipDigest digest() {
    return new GossipDigest(info.member().id(), generation, heartbeat);
  }

  /**
   * What a node that knows {@code generation}/{@code heartbeat} of this member lacks: the heartbeat
   * always, the info only if it changed after what that node knows. Null if it lacks nothing.
   */
  GossipState deltaFor(long knownGeneration, long knownHeartbeat) {
    if (knownGeneration > generation
        || (knownGeneration == generation && knownHeartbeat >= heartbeat)) {
      return null;
    }
    boolean needsInfo = knownGeneration < generation || info.version() > knownHeartbeat;
    return new GossipState(info.member().id(), generation, heartbeat, needsInfo ? info : null);
  }

  /** The full state: for a node that knows nothing of this member. */
  GossipState full() {
    return new GossipState(info.member().id(), generation, heartbeat, info);
  }
}
