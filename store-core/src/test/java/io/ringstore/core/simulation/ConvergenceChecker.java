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
 * <p>It judges every run: whatever a replica missed (a lost message, a cut link, a stopped node, a
 * wiped disk), the repair phase must have restored ({@link RepairPhase#READ_SWEEP}: read repair
 * over every key; hinted handoff and anti-entropy will join it).
 */
public final class ConvergenceChecker implements Checker {
  @Override
  public String name() {
    return "replicas converge";
  }

  @Override
  public CheckResult check(History history) {
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
