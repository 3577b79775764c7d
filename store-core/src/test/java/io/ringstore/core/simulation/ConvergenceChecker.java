package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replicas converge: once the faults stopped, the cluster settled and the repair phase ran, every
 * replica of every key holds the same set of versions, as read straight from its storage (not
 * through a coordinator, which would hide a stale replica behind the others).
 *
 * <p><b>Precondition.</b> Nothing repairs replicas yet (hinted handoff, read repair and
 * anti-entropy come with the self-healing issue and plug into {@link RepairPhase}), so a replica
 * that missed a write keeps missing it. The checker therefore judges only runs where no replica
 * write could be lost for good ({@link FaultFacts#replicaWritesMayBeLost()} false): no message
 * loss, no cut link, no stopped node; latency, reordering, duplication, drift and clock steps are
 * allowed. The self-healing issue switches it on for every run.
 */
public final class ConvergenceChecker implements Checker {
  @Override
  public String name() {
    return "replicas converge";
  }

  @Override
  public CheckResult check(History history) {
    if (history.faults().replicaWritesMayBeLost()) {
      return new CheckResult(name(), false, List.of());
    }
    List<String> violations = new ArrayList<>();
    for (String key : history.keys()) {
      check(key, history.replicaStates(key), history.replicationFactor(), violations);
    }
    return new CheckResult(name(), true, violations);
  }

  private static void check(
      String key, Map<NodeId, List<Versioned>> replicas, int n, List<String> violations) {
    if (replicas.size() != n) {
      violations.add(key + ": read " + replicas.size() + " replicas, expected N=" + n);
      return;
    }
    Set<Versioned> first = null;
    NodeId firstReplica = null;
    for (Map.Entry<NodeId, List<Versioned>> replica : replicas.entrySet()) {
      Set<Versioned> versions = new HashSet<>(replica.getValue());
      if (first == null) {
        first = versions;
        firstReplica = replica.getKey();
      } else if (!versions.equals(first)) {
        violations.add(
            key
                + ": "
                + replica.getKey()
                + " holds "
                + replica.getValue()
                + " but "
                + firstReplica
                + " holds "
                + first);
      }
    }
  }
}
