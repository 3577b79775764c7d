package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.Operation.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * No acknowledged write is lost: every put the cluster acknowledged is, at the end of the run, held
 * by the final R=ALL read of its key or superseded (by vector clock) by something it holds.
 *
 * <p>The one excuse is DESIGN.md's: a write acknowledged at W lives on W replicas, so it may be
 * lost only when at least W of its key's replicas lost their disks. Crashes are judged: the
 * in-memory storage keeps everything across a crash. (Once the simulated disk loses unsynced writes
 * at a crash, its fsync policy decides what a crash may excuse.)
 *
 * <p>The final read unites all N replicas, so one replica that acknowledges without storing cannot
 * make this checker fail at W=2: the other acknowledgement is a real copy. It takes a quorum of
 * liars, or a lost real copy, to lose a write.
 */
public final class NoLostWriteChecker implements Checker {
  @Override
  public String name() {
    return "no acknowledged write lost";
  }

  @Override
  public CheckResult check(History history) {
    List<String> violations = new ArrayList<>();
    for (Operation put : history.operations()) {
      if (put.isAcknowledged(Kind.PUT) && !excused(put, history)) {
        check(put, history.finalRead(put.key()), violations);
      }
    }
    return new CheckResult(name(), true, violations);
  }

  /** Whether at least W replicas of the put's key lost their disks. */
  private static boolean excused(Operation put, History history) {
    Set<NodeId> disksLost = history.faults().disksLost();
    long replicasLost =
        history.replicaStates(put.key()).keySet().stream().filter(disksLost::contains).count();
    return replicasLost >= put.replicasRequired();
  }

  private static void check(Operation put, Operation finalRead, List<String> violations) {
    if (finalRead == null || finalRead.outcome() != Operation.Outcome.OK) {
      violations.add("no final read of " + put.key() + " to check " + put.describe());
    } else if (!finalRead.observed(put.clockOrNull())) {
      violations.add("lost " + put.describe() + "; final read: " + finalRead.versions());
    }
  }
}
