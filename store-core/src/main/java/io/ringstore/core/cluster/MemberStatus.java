package io.ringstore.core.cluster;

/**
 * Where a member is in its life in the cluster, as it announces itself through gossip. Only {@link
 * #NORMAL} and {@link #LEAVING} members own tokens on the ring.
 */
public enum MemberStatus {
  /**
   * Joining: owns nothing on the current ring. Once it has announced tokens it is a pending owner:
   * writes of its future ranges reach it too while it receives those ranges from their replicas,
   * and then it announces {@link #NORMAL}.
   */
  JOINING,
  /** Owns its tokens and serves them. */
  NORMAL,
  /**
   * Still owns its tokens while it hands its ranges to their next owners (decommission); writes
   * reach those too meanwhile. Then it announces {@link #LEFT}.
   */
  LEAVING,
  /** Left on its own; owns nothing. Kept in gossip so that no one re-adds it from stale state. */
  LEFT,
  /** Removed by an operator; owns nothing. Kept in gossip like {@link #LEFT}. */
  REMOVED;

  /** Whether a member in this status owns its tokens on the ring. */
  public boolean ownsTokens() {
    return this == NORMAL || this == LEAVING;
  }
}
