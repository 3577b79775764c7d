package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.Set;
import java.util.TreeSet;

/**
 * One thing a {@link FaultSchedule} does to the cluster at one instant. Each is logged by the
 * simulator when applied, with {@link #describe()}.
 */
public sealed interface Fault {
  /** One line for the event log. */
  String describe();

  /** The node stops at once: in-flight work and timers die; its storage survives. */
  record Kill(NodeId node) implements Fault {
    @Override
    public String describe() {
      return "kill " + node;
    }
  }

  /** A stopped node starts again over its storage; does nothing to a running node. */
  record Restart(NodeId node) implements Fault {
    @Override
    public String describe() {
      return "restart " + node;
    }
  }

  /** The node stops if running and its storage is wiped: it restarts empty. */
  record LoseDisk(NodeId node) implements Fault {
    @Override
    public String describe() {
      return "lose disk of " + node;
    }
  }

  /**
   * One bit of one record in one of the node's data segments flips, on the disk itself (what a
   * force kept too): a read of that record fails its checksum and the record is dropped; the
   * replica has lost that version until repair writes it back. Does nothing to a node without
   * segments.
   */
  record FlipBit(NodeId node) implements Fault {
    @Override
    public String describe() {
      return "flip a bit on the disk of " + node;
    }
  }

  /**
   * The power fails in the middle of the node's next disk write: a random proper prefix of that
   * write reaches the disk, the write fails (the engine must not acknowledge it), every later write
   * on that disk fails, and the node crashes at that instant, keeping the prefix (a torn write,
   * which recovery must cut). Does nothing to a node that is down; a node that writes nothing
   * before it is killed or the workload ends never fails.
   */
  record PowerFailMidWrite(NodeId node) implements Fault {
    @Override
    public String describe() {
      return "power fails mid-write on " + node;
    }
  }

  /**
   * Cuts the links between {@code minority} and every other node: both ways, or with {@code oneWay}
   * only from the minority to the rest (the minority still hears the majority).
   */
  record Split(Set<NodeId> minority, boolean oneWay) implements Fault {
    public Split {
      if (minority.isEmpty()) {
        throw new IllegalArgumentException("a split needs at least one node on the minority side");
      }
      minority = Set.copyOf(new TreeSet<>(minority));
    }

    @Override
    public String describe() {
      return (oneWay ? "cut one way from " : "split off ") + new TreeSet<>(minority);
    }
  }

  /** A spare node starts for the first time and joins the ring, receiving its ranges. */
  record Join(NodeId node) implements Fault {
    @Override
    public String describe() {
      return "join " + node;
    }
  }

  /**
   * The node decommissions: hands its ranges to their next owners, announces LEFT and, once the
   * ring change has settled, stops for good. Refused (and logged) when it is not a NORMAL member of
   * a ring of more than N.
   */
  record Decommission(NodeId node) implements Fault {
    @Override
    public String describe() {
      return "decommission " + node;
    }
  }

  /** Cuts the one directed link {@code from -> to}. */
  record CutLink(NodeId from, NodeId to) implements Fault {
    @Override
    public String describe() {
      return "cut link " + from + " -> " + to;
    }
  }

  /** Restores every link. */
  record Heal() implements Fault {
    @Override
    public String describe() {
      return "heal all links";
    }
  }

  /**
   * The node's process stops for {@code millis}, as in a long garbage-collection pause or SIGSTOP:
   * it keeps its memory and its connections, but receives, answers and fires timers only when it
   * resumes, all at once. Does nothing to a node that is down.
   */
  record Pause(NodeId node, long millis) implements Fault {
    public Pause {
      if (millis < 1) {
        throw new IllegalArgumentException("a pause lasts at least 1 ms, not " + millis);
      }
    }

    @Override
    public String describe() {
      return "pause " + node + " for " + millis + " ms";
    }
  }

  /** Steps the node's wall clock by {@code deltaMillis}, possibly backwards. */
  record ClockJump(NodeId node, long deltaMillis) implements Fault {
    @Override
    public String describe() {
      return "step wall clock of " + node + " by " + deltaMillis + " ms";
    }
  }

  /** From now on the network loses and duplicates messages with these probabilities. */
  record MessageLoss(double dropProbability, double duplicateProbability) implements Fault {
    /** Checks both probabilities, as {@link NetworkFaults} does. */
    public MessageLoss {
      NetworkFaults.reliable().withLoss(dropProbability, duplicateProbability);
    }

    @Override
    public String describe() {
      return "network drops " + dropProbability + ", duplicates " + duplicateProbability;
    }
  }
}
