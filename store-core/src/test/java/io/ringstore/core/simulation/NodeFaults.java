package io.ringstore.core.simulation;

/**
 * The node faults of one run: crashes, each followed by a restart, and lost disks.
 *
 * @param crashes how many crashes the run schedules, each of a random node at a random time, with a
 *     random outage (a crash of a node already down does nothing)
 * @param diskLossPercent the chance that a crash also loses the node's disk, so that it restarts
 *     empty
 * @param diskLossesMax most disks a run loses
 * @param powerCutAtEnd whether every node crashes at once when the workload ends, before the final
 *     reads: every acknowledged write must then be durable, not merely held in some replica's
 *     memory
 */
public record NodeFaults(
    int crashes, int diskLossPercent, int diskLossesMax, boolean powerCutAtEnd) {
  /** Most crashes one run may schedule. */
  public static final int CRASHES_MAX = 16;

  public NodeFaults {
    if (crashes < 0 || crashes > CRASHES_MAX) {
      throw new IllegalArgumentException("crashes is " + crashes + ", must be 0 to " + CRASHES_MAX);
    }
    if (diskLossPercent < 0 || diskLossPercent > 100 || diskLossesMax < 0) {
      throw new IllegalArgumentException(
          "diskLossPercent is " + diskLossPercent + ", must be 0 to 100; diskLossesMax >= 0");
    }
  }

  /** No crash, no lost disk, no power cut. */
  public static NodeFaults none() {
    return new NodeFaults(0, 0, 0, false);
  }

  /** {@code crashes} crashes, none losing a disk, and a power cut at the end. */
  public static NodeFaults crashes(int crashes) {
    return new NodeFaults(crashes, 0, 0, true);
  }

  /** The same crashes, each losing its disk with {@code percent} odds, at most {@code max}. */
  public NodeFaults withDiskLoss(int percent, int max) {
    return new NodeFaults(crashes, percent, max, powerCutAtEnd);
  }
}
