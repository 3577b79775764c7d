package io.ringstore.core.simulation.register;

/** The primary-copy register, correct or deliberately broken, to prove the checker bites. */
public enum Variant {
  /** The primary serves every command and acknowledges a change once every follower holds it. */
  CORRECT(false, false, true),

  /** Followers answer reads from their own copy; changes still wait for every follower. */
  FOLLOWER_READS(true, false, true),

  /** The primary acknowledges changes before replicating them, and followers answer reads. */
  ACK_BEFORE_REPLICATION(true, true, true),

  /** The primary applies a duplicated or retried command again instead of replaying its answer. */
  NO_DEDUPLICATION(false, false, false);

  final boolean followersServeReads;
  final boolean acknowledgeBeforeReplication;
  final boolean deduplicate;

  Variant(boolean followersServeReads, boolean acknowledgeBeforeReplication, boolean deduplicate) {
    this.followersServeReads = followersServeReads;
    this.acknowledgeBeforeReplication = acknowledgeBeforeReplication;
    this.deduplicate = deduplicate;
  }
}
