package io.ringstore.core.coordinator;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a {@link Coordinator}'s reads, safe to read from any thread: how many reads answered,
 * how many of those answered more than one version (siblings: Dynamo reports 99.94% of its reads
 * seeing one), how many found replicas that disagreed and repaired them, and how many repair writes
 * they sent. The node's metrics read them; tests assert on them. They only grow.
 */
public final class CoordinatorStats {
  final LongAdder reads = new LongAdder();
  final LongAdder readsWithSiblings = new LongAdder();
  final LongAdder readsRepairing = new LongAdder();
  final LongAdder repairWrites = new LongAdder();

  /** Reads that met their quorum and answered. */
  public long reads() {
    return reads.sum();
  }

  /** Reads that answered more than one version. */
  public long readsWithSiblings() {
    return readsWithSiblings.sum();
  }

  /** Reads that found a replica lacking a reconciled version and wrote it back. */
  public long readsRepairing() {
    return readsRepairing.sum();
  }

  /** Versions written back to replicas by read repair. */
  public long repairWrites() {
    return repairWrites.sum();
  }
}
