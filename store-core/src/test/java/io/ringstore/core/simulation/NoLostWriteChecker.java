package io.ringstore.core.simulation;

import io.ringstore.core.simulation.Operation.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * No acknowledged write is lost while no more than N-W of its replicas lose their disks (DESIGN.md,
 * "Failure model"): every put the cluster acknowledged is, at the end of the run, held by the final
 * R=ALL read of its key or superseded by something it holds whose writer had seen it ({@link
 * Causality}: judged from the history, not from the store's clocks, so a clock that claims a write
 * its writer never saw is caught). Crashes do not excuse a loss: an acknowledged write is durable
 * on W replicas. A put is excused only if more than N-W replicas of its key lost their disks after
 * it was invoked (a disk lost before it was a new, empty disk the put could write to).
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
    Causality causality = new Causality(history.operations(), history.finalReads());
    for (Operation put : history.operations()) {
      if (put.isAcknowledged(Kind.PUT) && !excused(put, history)) {
        check(put, history.finalRead(put.key()), causality, violations);
      }
    }
    return new CheckResult(name(), true, violations);
  }

  /** Whether more than N-W of the put's replicas lost their disks after it was invoked. */
  private static boolean excused(Operation put, History history) {
    int lossesAllowed = history.replicationFactor() - put.replicasRequired();
    return history.replicasLosingDisks(put.key(), put.invokeNanos(), Long.MAX_VALUE)
        > lossesAllowed;
  }

  private static void check(
      Operation put, Operation finalRead, Causality causality, List<String> violations) {
    if (finalRead == null || finalRead.outcome() != Operation.Outcome.OK) {
      violations.add("no final read of " + put.key() + " to check " + put.describe());
    } else if (!causality.survives(put, finalRead)) {
      violations.add("lost " + put.describe() + "; final read: " + finalRead.versions());
    }
  }
}
