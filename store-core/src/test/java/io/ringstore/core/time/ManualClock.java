package io.ringstore.core.time;

import java.util.concurrent.TimeUnit;

/** A clock that moves only when a test advances it. Not thread-safe: one test thread drives it. */
public final class ManualClock implements Clock {
  private long wallMillis;
  private long monotonicNanos;

  public ManualClock(long startWallMillis) {
    this.wallMillis = startWallMillis;
  }

  @Override
  public long wallMillis() {
    return wallMillis;
  }

  @Override
  public long monotonicNanos() {
    return monotonicNanos;
  }

  /** Moves both clocks forward by {@code amount}. */
  public void advance(long amount, TimeUnit unit) {
    if (amount < 0) {
      throw new IllegalArgumentException("a manual clock only moves forward; got " + amount);
    }
    monotonicNanos += unit.toNanos(amount);
    wallMillis += unit.toMillis(amount);
  }

  /** Moves only the wall clock, by a possibly negative amount, as an NTP step would. */
  public void jumpWall(long deltaMillis) {
    wallMillis += deltaMillis;
  }
}
