package io.ringstore.core.simulation;

import io.ringstore.core.simulation.Operation.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * No acknowledged write is lost: every put the cluster acknowledged is, at the end of the run, held
 * by the final R=ALL read of its key or superseded (by vector clock) by something it holds. Judged
 * only for runs without crashes: with a disk that loses unsynced writes, a crash may legitimately
 * lose what was acknowledged at W below the synced copies.
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
    if (history.crashed()) {
      return new CheckResult(name(), false, List.of());
    }
    List<String> violations = new ArrayList<>();
    for (Operation put : history.operations()) {
      if (put.isAcknowledged(Kind.PUT)) {
        check(put, history.finalRead(put.key()), violations);
      }
    }
    return new CheckResult(name(), true, violations);
  }

  private static void check(Operation put, Operation finalRead, List<String> violations) {
    if (finalRead == null || finalRead.outcome() != Operation.Outcome.OK) {
      violations.add("no final read of " + put.key() + " to check " + put.describe());
    } else if (!finalRead.observed(put.clockOrNull())) {
      violations.add("lost " + put.describe() + "; final read: " + finalRead.versions());
    }
  }
}
