package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the faults of one run actually did, recorded as they were applied (a fault planned after the
 * workload ended never happened): what checkers may use to excuse, or to decline to judge, a run.
 *
 * @param diskLosses each disk wiped or bit flipped, in the order it happened
 * @param crashed whether any node stopped (killed, lost its disk, or lost power, mid-write or at
 *     the end)
 * @param replicaWritesMayBeLost whether a replica may have missed a write for good: a node stopped,
 *     a link was cut, or the network lost messages
 * @param ringChanged whether a node joined or decommissioned
 */
public record FaultFacts(
    List<DiskLoss> diskLosses,
    boolean crashed,
    boolean replicaWritesMayBeLost,
    boolean ringChanged) {
  /** A run where nothing went wrong that a replica could notice. */
  public static final FaultFacts NONE = new FaultFacts(List.of(), false, false, false);

  /** Facts of a run whose ring did not change. */
  public FaultFacts(List<DiskLoss> diskLosses, boolean crashed, boolean replicaWritesMayBeLost) {
    this(diskLosses, crashed, replicaWritesMayBeLost, false);
  }

  /**
   * {@code node}'s disk was wiped at {@code atNanos} of simulated time ({@code whole}), or lost a
   * record of its data to a flipped bit.
   */
  public record DiskLoss(NodeId node, long atNanos, boolean whole) {
    /** A whole disk lost. */
    public DiskLoss(NodeId node, long atNanos) {
      this(node, atNanos, true);
    }
  }

  public FaultFacts {
    diskLosses = List.copyOf(diskLosses);
  }

  /** The nodes that lost a disk at any time in the run. */
  public Set<NodeId> disksLost() {
    Set<NodeId> nodes = new TreeSet<>();
    diskLosses.forEach(loss -> nodes.add(loss.node()));
    return nodes;
  }

  /**
   * The nodes whose whole disk was wiped at any time in the run (their hints and Paxos state with
   * the data; a flipped bit only touches data).
   */
  public Set<NodeId> wholeDisksLost() {
    Set<NodeId> nodes = new TreeSet<>();
    diskLosses.stream().filter(DiskLoss::whole).forEach(loss -> nodes.add(loss.node()));
    return nodes;
  }

  /** How many of {@code replicas} lost their disk strictly between the two times. */
  public int replicasLosingDisks(Set<NodeId> replicas, long afterNanos, long beforeNanos) {
    return (int)
        diskLosses.stream()
            .filter(loss -> loss.atNanos() > afterNanos && loss.atNanos() < beforeNanos)
            .map(DiskLoss::node)
            .filter(replicas::contains)
            .distinct()
            .count();
  }

  /** Collects facts while a run applies its faults. */
  static final class Recorder {
    private final List<DiskLoss> diskLosses = new ArrayList<>();
    private boolean crashed;
    private boolean replicaWritesMayBeLost;
    private boolean ringChanged;

    Recorder(NetworkFaults base) {
      replicaWritesMayBeLost = base.dropProbability() > 0;
    }

    void applied(Fault fault, long nowNanos) {
      if (fault instanceof Fault.PowerFailMidWrite) {
        return; // only armed: it counts if it cuts a write, in powerFailedMidWrite
      }
      if (fault instanceof Fault.LoseDisk lose) {
        diskLosses.add(new DiskLoss(lose.node(), nowNanos));
      }
      if (fault instanceof Fault.FlipBit flip) {
        // A flipped bit destroys one record, or a recovery's tail of records: a partial disk loss.
        diskLosses.add(new DiskLoss(flip.node(), nowNanos, false));
      }
      crashed |= fault instanceof Fault.Kill || fault instanceof Fault.LoseDisk;
      ringChanged |= fault instanceof Fault.Join || fault instanceof Fault.Decommission;
      replicaWritesMayBeLost |= FaultSchedule.dropsReplicaWrites(fault);
    }

    /** An armed power failure cut a write short: its node stops, and replicas may miss writes. */
    void powerFailedMidWrite() {
      crashed = true;
      replicaWritesMayBeLost = true;
    }

    /** Every node lost power at once: unforced writes are gone, but nothing acknowledged. */
    void powerCut() {
      crashed = true;
    }

    FaultFacts facts() {
      return new FaultFacts(diskLosses, crashed, replicaWritesMayBeLost, ringChanged);
    }
  }
}
