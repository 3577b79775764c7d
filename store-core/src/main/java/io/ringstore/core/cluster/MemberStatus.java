package io.ringstore.core.cluster;

/**
 * Where a member is in its life in the cluster, as it announces itself through gossip. Only {@link
 * #NORMAL} and {@link #LEAVING} members own tokens on the ring.
 */
public enum MemberStatus {
  /** Known to the cluster, has not announced its tokens yet; owns nothing. */
  JOINING,
  /** Owns its tokens and serves them. */
  NORMAL,
  /** Still owns its tokens while it hands its data to their next owners. */
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
