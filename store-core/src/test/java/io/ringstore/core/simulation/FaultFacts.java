package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the faults of one run actually did, recorded as they were applied (a fault planned after the
 * workload ended never happened): what checkers may use to excuse, or to decline to judge, a run.
 *
 * @param disksLost nodes whose storage was wiped
 * @param crashed whether any node stopped (killed or lost its disk)
 * @param replicaWritesMayBeLost whether a replica may have missed a write for good: a node stopped,
 *     a link was cut, or the network lost messages
 */
public record FaultFacts(Set<NodeId> disksLost, boolean crashed, boolean replicaWritesMayBeLost) {
  /** A run where nothing went wrong that a replica could notice. */
  public static final FaultFacts NONE = new FaultFacts(Set.of(), false, false);

  public FaultFacts {
    disksLost = Set.copyOf(new TreeSet<>(disksLost));
  }

  /** Collects facts while a run applies its faults. */
  static final class Recorder {
    private final Set<NodeId> disksLost = new TreeSet<>();
    private boolean crashed;
    private boolean replicaWritesMayBeLost;

    Recorder(NetworkFaults base) {
      replicaWritesMayBeLost = base.dropProbability() > 0;
    }

    void applied(Fault fault) {
      if (fault instanceof Fault.LoseDisk lose) {
        disksLost.add(lose.node());
      }
      crashed |= fault instanceof Fault.Kill || fault instanceof Fault.LoseDisk;
      replicaWritesMayBeLost |= FaultSchedule.dropsReplicaWrites(fault);
    }

    FaultFacts facts() {
      return new FaultFacts(disksLost, crashed, replicaWritesMayBeLost);
    }
  }
}
