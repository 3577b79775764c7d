package io.ringstore.core.simulation;

import java.util.List;

/**
 * What the simulator runs after the faults stopped and the cluster settled, before it reads every
 * replica for the {@link ConvergenceChecker}: where hint replay, read repair and Merkle
 * anti-entropy will plug in. It may send messages and set timers; it calls {@code done} when the
 * repair it started has finished.
 */
@FunctionalInterface
interface RepairPhase {
  /** No repair exists yet. */
  RepairPhase NONE = (nodes, done) -> done.run();

  void run(List<SimulatedNode> nodes, Runnable done);
}
