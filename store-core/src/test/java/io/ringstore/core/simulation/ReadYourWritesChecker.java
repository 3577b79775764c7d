package io.ringstore.core.simulation;

import io.ringstore.core.simulation.Operation.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * A read whose quorum overlaps a write's sees it: an acknowledged get of a key, invoked after an
 * acknowledged put of that key completed, with R + W above N, returns that put's version or one
 * that supersedes it. Any client's put counts, not only the reader's own, since quorum overlap
 * promises more than per-client read-your-writes. Strict quorums keep this true under loss,
 * duplication, partitions and crashes (an acknowledged write is durable on W replicas; a crashed
 * replica makes a read fail, not miss). A lost disk shrinks the overlap: a pair is judged only
 * while fewer replicas of the key lost their disks between the put's invocation and the get's
 * completion than R + W - N, the replicas every read quorum shares with every write quorum. A write
 * some stand-in took as a hint is not judged: a sloppy quorum may have acknowledged it with fewer
 * than W replicas (DESIGN.md, "Quorums"), and reads meet it once the hints are replayed, which the
 * convergence checker judges.
 */
public final class ReadYourWritesChecker implements Checker {
  @Override
  public String name() {
    return "quorum reads see completed quorum writes";
  }

  @Override
  public CheckResult check(History history) {
    List<Operation> operations = history.operations();
    List<String> violations = new ArrayList<>();
    for (Operation put : operations) {
      if (put.isAcknowledged(Kind.PUT) && !history.hinted(put.key(), put.clockOrNull())) {
        for (Operation get : operations) {
          if (overlapsAfter(put, get, history) && !get.observed(put.clockOrNull())) {
            violations.add(get.describe() + " missed " + put.describe() + ": " + get.versions());
          }
        }
      }
    }
    return new CheckResult(name(), true, violations);
  }

  private static boolean overlapsAfter(Operation put, Operation get, History history) {
    if (!get.isAcknowledged(Kind.GET)
        || !get.key().equals(put.key())
        || get.invokeNanos() <= put.completeNanos()) {
      return false;
    }
    int overlap = get.replicasRequired() + put.replicasRequired() - history.replicationFactor();
    int lost = history.replicasLosingDisks(put.key(), put.invokeNanos(), get.completeNanos());
    return overlap > lost;
  }
}
