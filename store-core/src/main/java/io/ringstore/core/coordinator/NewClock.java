package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock;

/**
 * How a coordinator makes the clock of the version a write stores from the writer's context and the
 * counter it drew for the write. Production records exactly the write's one event; the simulator's
 * bite proof runs the rule from before dotted clocks, which also claims the coordinator's events
 * between the context and the counter.
 */
@FunctionalInterface
public interface NewClock {
  /** The context plus exactly this write's event ({@link VectorClock#successor}). */
  NewClock EXACT = VectorClock::successor;

  /**
   * The new version's clock: {@code context} with {@code self}'s event {@code counter}, stamped
   * {@code nowMillis}, at most {@code entriesMax} entries.
   */
  VectorClock of(VectorClock context, NodeId self, long counter, long nowMillis, int entriesMax);
}
