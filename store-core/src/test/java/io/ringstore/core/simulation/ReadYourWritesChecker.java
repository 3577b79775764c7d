package io.ringstore.core.simulation;

import io.ringstore.core.simulation.Operation.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * A read whose quorum overlaps a write's sees it: an acknowledged get of a key, invoked after an
 * acknowledged put of that key completed, with R + W above N, returns that put's version or one
 * that supersedes it. Any client's put counts, not only the reader's own, since quorum overlap
 * promises more than per-client read-your-writes. Strict quorums keep this true under loss,
 * duplication, partitions and crashes (the in-memory storage survives a crash); it is not judged
 * for runs where a disk was lost, which breaks the overlap until repair restores the copy.
 */
public final class ReadYourWritesChecker implements Checker {
  @Override
  public String name() {
    return "quorum reads see completed quorum writes";
  }

  @Override
  public CheckResult check(History history) {
    if (!history.faults().disksLost().isEmpty()) {
      return new CheckResult(name(), false, List.of());
    }
    List<Operation> operations = history.operations();
    List<String> violations = new ArrayList<>();
    for (Operation put : operations) {
      if (put.isAcknowledged(Kind.PUT)) {
        for (Operation get : operations) {
          if (overlapsAfter(put, get, history.replicationFactor())
              && !get.observed(put.clockOrNull())) {
            violations.add(get.describe() + " missed " + put.describe() + ": " + get.versions());
          }
        }
      }
    }
    return new CheckResult(name(), true, violations);
  }

  private static boolean overlapsAfter(Operation put, Operation get, int n) {
    return get.isAcknowledged(Kind.GET)
        && get.key().equals(put.key())
        && get.invokeNanos() > put.completeNanos()
        && get.replicasRequired() + put.replicasRequired() > n;
  }
}
