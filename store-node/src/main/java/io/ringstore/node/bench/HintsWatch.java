package io.ringstore.node.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many hints the cluster holds over a failover run, and when they are gone after the heal:
 * {@code hints_max} (the most seen at one poll, summed over the nodes) and {@code hints_drained_ms}
 * (from the heal to the first poll that finds none, once some were held).
 *
 * <p>Polled from one thread; {@link #awaitSettled} and the results read from another.
 */
public final class HintsWatch {
  /** A count no node gave: one of them did not answer. */
  public static final long UNKNOWN = -1;

  private final LongSupplier held;
  private volatile long max;
  private volatile long drainedAtMillis = UNKNOWN;
  private final CountDownLatch drained = new CountDownLatch(1);

  /**
   * @param held the hints every node holds now, summed; {@link #UNKNOWN} if a node did not answer
   */
  public HintsWatch(LongSupplier held) {
    this.held = held;
  }

  /**
   * Asks the nodes once, at {@code atMillis} of the measured part, the heal due at {@code
   * healAtMillis}.
   */
  public void poll(long atMillis, long healAtMillis) {
    long now = held.getAsLong();
    if (now == UNKNOWN) {
      return;
    }
    max = Math.max(max, now);
    if (now == 0 && max > 0 && atMillis >= healAtMillis && drainedAtMillis == UNKNOWN) {
      drainedAtMillis = atMillis;
    }
    if (settled() && atMillis >= healAtMillis) {
      drained.countDown();
    }
  }

  /**
   * Waits at most {@code millis} until a poll after the heal found {@link #settled}; returns
   * whether one did.
   */
  public boolean awaitSettled(long millis) throws InterruptedException {
    return drained.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Whether the hints held at some poll are gone after the heal (or none were ever held). */
  public boolean settled() {
    return max == 0 || drainedAtMillis != UNKNOWN;
  }

  /** The most hints seen at one poll. */
  public long max() {
    return max;
  }

  /** Milliseconds from {@code healAtMillis} until no hint was left; 0 if none was ever held. */
  public long drainedMillis(long healAtMillis) {
    if (max == 0) {
      return 0;
    }
    return drainedAtMillis == UNKNOWN ? UNKNOWN : Math.max(0, drainedAtMillis - healAtMillis);
  }
}
