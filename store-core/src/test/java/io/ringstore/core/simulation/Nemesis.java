package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import java.util.List;
import java.util.Random;

/**
 * Draws a {@link FaultSchedule} for one run from the run's seeded random source, so the faults of a
 * seed replay with it. Generators compose: {@link #and} applies both, {@link #oneOf} picks one per
 * run. {@link #mixed()} is the default of {@link SimulationConfig}.
 *
 * <p>Drawn faults start within {@link RandomFaults#START_MILLIS_MAX} of the workload's start and
 * last up to {@link RandomFaults#DURATION_MILLIS_MAX}: the default workload runs about a second
 * when nothing fails, and faults drawn later would mostly miss it.
 */
@FunctionalInterface
public interface Nemesis {
  /** The faults of one run on a cluster of {@code nodes}, drawn from {@code random}. */
  FaultSchedule draw(Random random, List<NodeId> nodes);

  /** No faults: a calm network with only the latency, duplication and drift of the config. */
  static Nemesis none() {
    return (random, nodes) -> FaultSchedule.none();
  }

  /** The same hand-written schedule every run. */
  static Nemesis fixed(FaultSchedule schedule) {
    return (random, nodes) -> schedule;
  }

  /** Up to {@code countMax} partitions, each healed: a split, a one-way split or one cut link. */
  static Nemesis partitions(int countMax) {
    return (random, nodes) -> new RandomFaults(random, nodes).partitions(countMax);
  }

  /** Up to {@code countMax} kills, each followed by a restart. */
  static Nemesis kills(int countMax) {
    return (random, nodes) -> new RandomFaults(random, nodes).kills(countMax);
  }

  /** Up to {@code countMax} kills, each followed by a restart within milliseconds. */
  static Nemesis quickRestarts(int countMax) {
    return (random, nodes) -> new RandomFaults(random, nodes).quickRestarts(countMax);
  }

  /** Up to {@code countMax} disk losses, each node restarting empty. */
  static Nemesis diskLosses(int countMax) {
    return (random, nodes) -> new RandomFaults(random, nodes).diskLosses(countMax);
  }

  /**
   * Up to {@code countMax} power failures, each tearing its node's next disk write and crashing it,
   * each followed by a restart (a no-op if the node had not written by then).
   */
  static Nemesis powerFailures(int countMax) {
    return (random, nodes) -> new RandomFaults(random, nodes).powerFailures(countMax);
  }

  /** Up to {@code countMax} bit flips in random nodes' data segments. */
  static Nemesis bitFlips(int countMax) {
    return (random, nodes) -> new RandomFaults(random, nodes).bitFlips(countMax);
  }

  /** Up to {@code countMax} GC-like pauses of a random node, each for a random time. */
  static Nemesis pauses(int countMax) {
    return (random, nodes) -> new RandomFaults(random, nodes).pauses(countMax);
  }

  /** Up to {@code countMax} wall-clock steps of up to {@code deltaMillisMax} either way. */
  static Nemesis clockJumps(int countMax, long deltaMillisMax) {
    return (random, nodes) -> new RandomFaults(random, nodes).clockJumps(countMax, deltaMillisMax);
  }

  /** The network loses {@code dropProbability} of messages from the start of the workload. */
  static Nemesis messageLoss(double dropProbability, double duplicateProbability) {
    FaultSchedule lossy =
        FaultSchedule.builder().messageLoss(dropProbability, duplicateProbability).build();
    return fixed(lossy);
  }

  /**
   * A ring change during the workload, one of two per run: the first spare (the node after {@code
   * nodes}; the config needs one) joins, or a random node decommissions; each at a random time
   * within {@link RandomFaults#START_MILLIS_MAX}.
   */
  static Nemesis joinOrDecommission() {
    return (random, nodes) -> new RandomFaults(random, nodes).joinOrDecommission();
  }

  /** Both nemeses' faults in one run; this one draws first. */
  default Nemesis and(Nemesis other) {
    return (random, nodes) -> draw(random, nodes).and(other.draw(random, nodes));
  }

  /** One of {@code choices}, picked per run. */
  static Nemesis oneOf(Nemesis... choices) {
    List<Nemesis> all = List.of(choices);
    return (random, nodes) -> all.get(random.nextInt(all.size())).draw(random, nodes);
  }

  /**
   * The default mix, one of six per run: a calm network with only clock steps and bit flips; loss
   * with partitions; loss with kills, a power failure mid-write and clock steps; GC-like pauses
   * with a clock step (no loss: the runs where the detector must convict no node that is not
   * paused); loss with everything, a disk loss, a power failure and a bit flip included; loss with
   * a kill and a join or a decommission.
   */
  static Nemesis mixed() {
    Nemesis lossy = messageLoss(0.05, 0.02);
    return oneOf(
        clockJumps(2, 5_000).and(bitFlips(2)),
        lossy.and(partitions(3)),
        lossy.and(kills(2)).and(powerFailures(1)).and(clockJumps(1, 5_000)),
        pauses(2).and(clockJumps(1, 5_000)),
        lossy
            .and(partitions(2))
            .and(kills(1))
            .and(diskLosses(1))
            .and(powerFailures(1))
            .and(bitFlips(1))
            .and(clockJumps(1, 5_000)),
        lossy.and(joinOrDecommission()).and(kills(1)));
  }
}
