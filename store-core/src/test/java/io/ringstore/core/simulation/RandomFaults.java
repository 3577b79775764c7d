package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The drawing behind {@link Nemesis}'s generators: how many faults (one to the maximum), on which
 * nodes, when, and for how long, all from the run's random source in a fixed order.
 */
final class RandomFaults {
  /** Drawn faults start within this long after the workload starts. */
  static final long START_MILLIS_MAX = 800;

  /** A drawn partition or outage lasts at most this long. */
  static final long DURATION_MILLIS_MAX = 1_000;

  /** A drawn pause lasts at most this long: past the detector's conviction at about 2 s. */
  static final long PAUSE_MILLIS_MAX = 4_000;

  private final Random random;
  private final List<NodeId> nodes;
  private final FaultSchedule.Builder schedule = FaultSchedule.builder();

  RandomFaults(Random random, List<NodeId> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a nemesis needs nodes to harm");
    }
    this.random = random;
    this.nodes = List.copyOf(nodes);
  }

  FaultSchedule partitions(int countMax) {
    if (nodes.size() < 2) {
      return FaultSchedule.none();
    }
    for (int i = count(countMax); i > 0; i--) {
      long startMillis = startMillis();
      schedule.atMillis(startMillis);
      cut();
      schedule.atMillis(startMillis + durationMillis()).heal();
    }
    return schedule.build();
  }

  /**
   * The first spare joins, or a random node decommissions: see {@link Nemesis#joinOrDecommission}.
   */
  FaultSchedule joinOrDecommission() {
    schedule.atMillis(startMillis());
    if (random.nextBoolean()) {
      schedule.join(FaultSchedule.node(nodes.size()));
    } else {
      schedule.decommission(pick());
    }
    return schedule.build();
  }

  /** A split both ways, a split one way, or one directed link. */
  private void cut() {
    switch (random.nextInt(3)) {
      case 0 -> schedule.split(minority());
      case 1 -> schedule.cutOneWay(minority());
      default -> {
        NodeId from = pick();
        NodeId to = pickOtherThan(from);
        schedule.cutLink(from, to);
      }
    }
  }

  FaultSchedule kills(int countMax) {
    for (int i = count(countMax); i > 0; i--) {
      NodeId node = pick();
      long startMillis = startMillis();
      schedule.atMillis(startMillis).kill(node);
      schedule.atMillis(startMillis + durationMillis()).restart(node);
    }
    return schedule.build();
  }

  /**
   * Kills, each followed by a restart within {@link #QUICK_RESTART_MILLIS_MAX}: a process that
   * crashes and is started again at once by its supervisor, while the rounds it took part in are
   * still running.
   */
  FaultSchedule quickRestarts(int countMax) {
    for (int i = count(countMax); i > 0; i--) {
      NodeId node = pick();
      long startMillis = startMillis();
      schedule.atMillis(startMillis).kill(node);
      schedule.atMillis(startMillis + 1 + random.nextLong(QUICK_RESTART_MILLIS_MAX)).restart(node);
    }
    return schedule.build();
  }

  FaultSchedule diskLosses(int countMax) {
    for (int i = count(countMax); i > 0; i--) {
      NodeId node = pick();
      long startMillis = startMillis();
      schedule.atMillis(startMillis).loseDisk(node);
      schedule.atMillis(startMillis + durationMillis()).restart(node);
    }
    return schedule.build();
  }

  /** Bit flips on the disks of random nodes, up or down. */
  FaultSchedule bitFlips(int countMax) {
    for (int i = count(countMax); i > 0; i--) {
      schedule.atMillis(startMillis()).flipBit(pick());
    }
    return schedule.build();
  }

  /** Each power failure is followed by a restart, which disarms it if no write was cut by then. */
  FaultSchedule powerFailures(int countMax) {
    for (int i = count(countMax); i > 0; i--) {
      NodeId node = pick();
      long startMillis = startMillis();
      schedule.atMillis(startMillis).powerFailMidWrite(node);
      schedule.atMillis(startMillis + durationMillis()).restart(node);
    }
    return schedule.build();
  }

  /** GC-like pauses of up to {@link #PAUSE_MILLIS_MAX}, longer than the failure detector waits. */
  FaultSchedule pauses(int countMax) {
    for (int i = count(countMax); i > 0; i--) {
      NodeId node = pick();
      schedule.atMillis(startMillis()).pause(node, 1 + random.nextLong(PAUSE_MILLIS_MAX));
    }
    return schedule.build();
  }

  FaultSchedule clockJumps(int countMax, long deltaMillisMax) {
    for (int i = count(countMax); i > 0; i--) {
      NodeId node = pick();
      long delta = random.nextLong(-deltaMillisMax, deltaMillisMax + 1);
      schedule.atMillis(startMillis()).clockJump(node, delta);
    }
    return schedule.build();
  }

  /** One to half the nodes, never all: the rest is the majority side. */
  private Set<NodeId> minority() {
    List<NodeId> shuffled = new ArrayList<>(nodes);
    Collections.shuffle(shuffled, random);
    int size = 1 + random.nextInt(Math.max(1, nodes.size() / 2));
    return new TreeSet<>(shuffled.subList(0, size));
  }

  private int count(int countMax) {
    if (countMax < 1) {
      throw new IllegalArgumentException("a nemesis draws at least one fault; max " + countMax);
    }
    return 1 + random.nextInt(countMax);
  }

  /** Longest downtime of a quick restart. */
  static final long QUICK_RESTART_MILLIS_MAX = 20;

  private long startMillis() {
    return random.nextLong(START_MILLIS_MAX + 1);
  }

  private long durationMillis() {
    return 1 + random.nextLong(DURATION_MILLIS_MAX);
  }

  private NodeId pick() {
    return nodes.get(random.nextInt(nodes.size()));
  }

  private NodeId pickOtherThan(NodeId node) {
    NodeId other = nodes.get(random.nextInt(nodes.size() - 1));
    return other.equals(node) ? nodes.get(nodes.size() - 1) : other;
  }
}
