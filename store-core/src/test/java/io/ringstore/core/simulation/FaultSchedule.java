package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A nemesis's plan for one run: faults at times measured from the start of the workload, applied in
 * time order (faults at one instant in the order they were added). Write one by hand in a test, or
 * let a {@link Nemesis} draw one from the seed:
 *
 * <pre>{@code
 * FaultSchedule.builder()
 *     .atMillis(0).messageLoss(0.05, 0.02)
 *     .atMillis(200).kill(node(1)).isolate(node(2))
 *     .atMillis(700).heal().restart(node(1))
 *     .atMillis(900).loseDisk(node(0)).clockJump(node(2), -5_000)
 *     .atMillis(1_000).powerFailMidWrite(node(1))
 *     .atMillis(1_400).restart(node(0)).restart(node(1))
 *     .build();
 * }</pre>
 *
 * <p>When the workload ends the simulator drops whatever has not happened yet, heals every link,
 * calms the network and restarts every stopped node, so a schedule need not clean up after itself.
 * The facts below are what the schedule plans; checkers use the facts of the faults actually
 * applied ({@link FaultFacts}).
 */
public final class FaultSchedule {
  /** Most faults one schedule may hold. */
  public static final int FAULTS_MAX = 10_000;

  /** A fault and when it happens, in milliseconds after the workload starts. */
  public record Timed(long atMillis, Fault fault) {
    public Timed {
      if (atMillis < 0) {
        throw new IllegalArgumentException(
            "a fault cannot happen before the workload: " + atMillis);
      }
    }
  }

  private static final FaultSchedule NONE = new FaultSchedule(List.of());

  private final List<Timed> faults;

  private FaultSchedule(List<Timed> faults) {
    List<Timed> sorted = new ArrayList<>(faults);
    sorted.sort(Comparator.comparingLong(Timed::atMillis));
    this.faults = List.copyOf(sorted);
  }

  /** No faults at all. */
  public static FaultSchedule none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The simulator's name for its {@code i}-th node, for readable schedules. */
  public static NodeId node(int i) {
    return NodeId.of("node-" + i);
  }

  /** Every fault, in the order it will be applied. */
  public List<Timed> faults() {
    return faults;
  }

  /** This schedule's faults followed, at equal times, by {@code other}'s. */
  public FaultSchedule and(FaultSchedule other) {
    List<Timed> both = new ArrayList<>(faults);
    both.addAll(other.faults);
    checkSize(both.size());
    return new FaultSchedule(both);
  }

  /** Nodes whose disks the schedule wipes. */
  public Set<NodeId> nodesLosingDisks() {
    Set<NodeId> nodes = new TreeSet<>();
    for (Timed timed : faults) {
      if (timed.fault() instanceof Fault.LoseDisk lose) {
        nodes.add(lose.node());
      }
    }
    return nodes;
  }

  /** Whether the schedule stops a node (a kill, a disk loss or a power failure mid-write). */
  public boolean crashesNodes() {
    return faults.stream().anyMatch(t -> stopsNode(t.fault()));
  }

  private static boolean stopsNode(Fault fault) {
    return fault instanceof Fault.Kill
        || fault instanceof Fault.LoseDisk
        || fault instanceof Fault.PowerFailMidWrite;
  }

  /**
   * Whether a replica may miss a write for good until repair runs: a node stops, a link is cut or
   * the network loses messages.
   */
  public boolean mayLoseReplicaWrites() {
    return faults.stream().anyMatch(t -> dropsReplicaWrites(t.fault()));
  }

  static boolean dropsReplicaWrites(Fault fault) {
    if (fault instanceof Fault.MessageLoss loss) {
      return loss.dropProbability() > 0;
    }
    return stopsNode(fault)
        || fault instanceof Fault.Split
        || fault instanceof Fault.CutLink
        || fault instanceof Fault.Pause;
  }

  private static void checkSize(int size) {
    if (size > FAULTS_MAX) {
      throw new IllegalArgumentException(size + " faults; a schedule holds at most " + FAULTS_MAX);
    }
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Timed timed : faults) {
      text.append(timed.atMillis()).append(" ms: ").append(timed.fault().describe()).append("; ");
    }
    return text.isEmpty() ? "no faults" : text.toString();
  }

  /** Builds a schedule: {@link #atMillis} sets the time for the faults added after it. */
  public static final class Builder {
    private final List<Timed> faults = new ArrayList<>();
    private long atMillis;

    private Builder() {}

    /** The faults added next happen {@code millis} after the workload starts. */
    public Builder atMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("fault time must not be negative: " + millis);
      }
      this.atMillis = millis;
      return this;
    }

    public Builder kill(NodeId node) {
      return add(new Fault.Kill(node));
    }

    public Builder restart(NodeId node) {
      return add(new Fault.Restart(node));
    }

    /** The node stops (if running) and loses its storage; restart it to bring it back empty. */
    public Builder loseDisk(NodeId node) {
      return add(new Fault.LoseDisk(node));
    }

    /** A bit flips in one of the node's data segments: see {@link Fault.FlipBit}. */
    public Builder flipBit(NodeId node) {
      return add(new Fault.FlipBit(node));
    }

    /**
     * The power fails in the middle of the node's next disk write, which is torn, and the node
     * crashes then; restart it to bring it back. See {@link Fault.PowerFailMidWrite}.
     */
    public Builder powerFailMidWrite(NodeId node) {
      return add(new Fault.PowerFailMidWrite(node));
    }

    /** Cuts the node off from every other, both ways. */
    public Builder isolate(NodeId node) {
      return add(new Fault.Split(Set.of(node), false));
    }

    /** Cuts {@code minority} off from the rest, both ways. */
    public Builder split(Set<NodeId> minority) {
      return add(new Fault.Split(minority, false));
    }

    /** Cuts the links from {@code minority} to the rest only. */
    public Builder cutOneWay(Set<NodeId> minority) {
      return add(new Fault.Split(minority, true));
    }

    /** Cuts the one directed link {@code from -> to}. */
    public Builder cutLink(NodeId from, NodeId to) {
      return add(new Fault.CutLink(from, to));
    }

    public Builder pause(NodeId node, long millis) {
      return add(new Fault.Pause(node, millis));
    }

    /** The spare {@code node} starts and joins the ring: see {@link Fault.Join}. */
    public Builder join(NodeId node) {
      return add(new Fault.Join(node));
    }

    /** The node decommissions and then stops for good: see {@link Fault.Decommission}. */
    public Builder decommission(NodeId node) {
      return add(new Fault.Decommission(node));
    }

    public Builder heal() {
      return add(new Fault.Heal());
    }

    /** Steps the node's wall clock by {@code deltaMillis}, possibly backwards. */
    public Builder clockJump(NodeId node, long deltaMillis) {
      return add(new Fault.ClockJump(node, deltaMillis));
    }

    /** From now on the network drops and duplicates messages with these probabilities. */
    public Builder messageLoss(double dropProbability, double duplicateProbability) {
      return add(new Fault.MessageLoss(dropProbability, duplicateProbability));
    }

    public FaultSchedule build() {
      return new FaultSchedule(faults);
    }

    private Builder add(Fault fault) {
      checkSize(faults.size() + 1);
      faults.add(new Timed(atMillis, fault));
      return this;
    }
  }
}
