package io.ringstore.core.simulation;

import io.ringstore.core.time.Clock;

/**
 * One node's view of time, derived from simulated time: its monotonic clock runs fast or slow by
 * {@code driftPpm} parts per million, and its wall clock follows the monotonic one plus any steps
 * (an NTP correction, an operator's mistake) the simulator injects with {@link #jumpWall}.
 */
final class NodeClock implements Clock {
  /** Largest drift allowed either way, in parts per million: far beyond a real quartz's 100. */
  static final long DRIFT_PPM_MAX = 100_000;

  private static final long PPM = 1_000_000;

  private final EventQueue simulated;
  private final long driftPpm;
  private final long startWallMillis;
  private long wallStepMillis;

  NodeClock(EventQueue simulated, long driftPpm, long startWallMillis) {
    if (Math.abs(driftPpm) > DRIFT_PPM_MAX) {
      throw new IllegalArgumentException("drift " + driftPpm + " ppm is beyond " + DRIFT_PPM_MAX);
    }
    this.simulated = simulated;
    this.driftPpm = driftPpm;
    this.startWallMillis = startWallMillis;
  }

  @Override
  public long monotonicNanos() {
    long now = simulated.nowNanos();
    return now + Math.multiplyExact(now, driftPpm) / PPM;
  }

  @Override
  public long wallMillis() {
    return startWallMillis + monotonicNanos() / 1_000_000 + wallStepMillis;
  }

  /** Steps the wall clock by {@code deltaMillis}, possibly backwards; monotonic time is kept. */
  void jumpWall(long deltaMillis) {
    wallStepMillis += deltaMillis;
  }

  /**
   * The simulated delay after which this clock has advanced by at least {@code nodeDelayNanos}: a
   * timer set on a fast clock fires early in simulated time, one on a slow clock late.
   */
  long simulatedDelay(long nodeDelayNanos) {
    long delay = Math.max(0, nodeDelayNanos);
    return Math.multiplyExact(delay, PPM) / (PPM + driftPpm) + 1;
  }
}
