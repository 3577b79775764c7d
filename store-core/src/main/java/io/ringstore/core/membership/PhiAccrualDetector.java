package io.ringstore.core.membership;

/**
 * The phi-accrual failure detector of one monitored member (Hayashibara, Défago, Yared, Katayama,
 * "The phi accrual failure detector", SRDS 2004), in the form Akka uses: the intervals between
 * heartbeat arrivals are taken as normally distributed with the mean and standard deviation of the
 * last {@code windowSize} intervals, and phi is {@code -log10} of the probability that the next
 * heartbeat comes later than it has so far. Phi grows smoothly with silence: 1 means a 10% chance
 * the member is in fact alive and just late, 8 about one chance in 10^8.
 *
 * <p><b>Why a normal distribution with a floor.</b> Cassandra's exponential approximation ({@code
 * phi = 0.434 * silence / mean}) reaches 8 only after about 18 mean intervals, far from the two
 * seconds a LAN failover wants at one-second gossip. The normal form convicts a few standard
 * deviations past the mean; {@code minStdDeviationNanos} keeps a very regular history from
 * convicting on the first few milliseconds of lateness, and {@code acceptablePauseNanos} shifts the
 * mean to tolerate known pauses.
 *
 * <p><b>Bounds and threads.</b> O(window) longs; one instance per monitored member, called by the
 * membership under its lock. The first arrival only starts the clock: until the second, phi is
 * computed against a bootstrap interval (the expected heartbeat interval, with a quarter of it as
 * deviation), as Akka's {@code first-heartbeat-estimate}.
 */
final class PhiAccrualDetector {
  /** Settings shared by every member's detector. */
  record Settings(
      int windowSize,
      long minStdDeviationNanos,
      long acceptablePauseNanos,
      long bootstrapIntervalNanos) {
    Settings {
      if (windowSize < 2 || minStdDeviationNanos <= 0 || acceptablePauseNanos < 0) {
        throw new IllegalArgumentException(
            "phi detector: window at least 2, positive minimum deviation, no negative pause");
      }
      if (bootstrapIntervalNanos <= 0) {
        throw new IllegalArgumentException("phi detector: bootstrap interval must be positive");
      }
    }
  }

  private final Settings settings;
  private final long[] intervals;
  private int count;
  private int next;
  private double sum;
  private double sumOfSquares;
  private long lastArrivalNanos;
  private boolean started;

  PhiAccrualDetector(Settings settings) {
    this.settings = settings;
    this.intervals = new long[settings.windowSize()];
  }

  /** A heartbeat arrived at {@code nowNanos} (monotonic). */
  void heartbeat(long nowNanos) {
    if (!started) {
      started = true;
      add(settings.bootstrapIntervalNanos());
      lastArrivalNanos = nowNanos;
      return;
    }
    long interval = nowNanos - lastArrivalNanos;
    lastArrivalNanos = nowNanos;
    if (interval > 0) {
      add(interval);
    }
  }

  /** Whether any heartbeat arrived. */
  boolean started() {
    return started;
  }

  /** The suspicion level at {@code nowNanos}: 0 before the first heartbeat and right after one. */
  double phi(long nowNanos) {
    return phi(nowNanos, 0);
  }

  /**
   * The suspicion level at {@code nowNanos} tolerating {@code extraPauseNanos} more than the
   * settings' acceptable pause: heartbeats that may come one relay late.
   */
  double phi(long nowNanos, long extraPauseNanos) {
    if (!started) {
      return 0;
    }
    long silenceNanos = nowNanos - lastArrivalNanos;
    double mean = sum / count + settings.acceptablePauseNanos() + extraPauseNanos;
    double variance = Math.max(0, sumOfSquares / count - (sum / count) * (sum / count));
    double deviation = Math.max(Math.sqrt(variance), settings.minStdDeviationNanos());
    return phi(silenceNanos, mean, deviation);
  }

  /**
   * {@code -log10(1 - F(silence))} for the normal distribution of {@code mean} and {@code
   * deviation}, with the logistic approximation of its CDF that Akka uses (error below 10^-4),
   * computed so that it does not overflow for long silences.
   */
  static double phi(double silence, double mean, double deviation) {
    double y = (silence - mean) / deviation;
    double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
    if (silence > mean) {
      return -Math.log10(e / (1.0 + e));
    }
    return -Math.log10(1.0 - 1.0 / (1.0 + e));
  }

  private void add(long interval) {
    if (count == intervals.length) {
      long oldest = intervals[next];
      sum -= oldest;
      sumOfSquares -= (double) oldest * oldest;
    } else {
      count++;
    }
    intervals[next] = interval;
    next = (next + 1) % intervals.length;
    sum += interval;
    sumOfSquares += (double) interval * interval;
  }
}
