package io.ringstore.node.bench;

import java.util.List;

/**
 * The failover figures read off a run's timeline (pure functions, tested on synthetic timelines).
 *
 * <ul>
 *   <li><b>Steady state</b>: the mean rate of the intervals that ended before the fault.
 *   <li><b>Stall</b>: the longest span, from the fault on, from the start of an interval whose rate
 *       was below {@link #STALL_FRACTION} of the steady state to the end of the last such interval
 *       before the rate stayed at or above it for {@link #STALL_END_INTERVALS} intervals in a row;
 *       0 if there is none. A single fast interval does not end a stall: while a silent node holds
 *       requests, the ones that time out together complete in one burst (seen every 700 ms in issue
 *       9's pause runs), which would otherwise cut one stall into many short ones.
 *   <li><b>Recovered</b>: from the heal until the node is UP on every node and the rate is back to
 *       {@link #RECOVERED_FRACTION} of the steady state for {@link #RECOVERED_INTERVALS}
 *       consecutive intervals (so that one fast interval is not a recovery); the end of the first
 *       of those intervals counts. -1 if it never happened or the node states are unknown.
 * </ul>
 *
 * <p>Only intervals that ended by {@code runEndMillis} count: the last report of a run covers a
 * partial interval whose low count would look like a stall.
 */
public final class FailoverAnalysis {
  /** Below this share of the steady rate an interval is stalled. */
  public static final double STALL_FRACTION = 0.5;

  /** At or above this share of the steady rate an interval is recovered. */
  public static final double RECOVERED_FRACTION = 0.9;

  /** Consecutive intervals at or above the stall threshold that end a stall. */
  public static final int STALL_END_INTERVALS = 2;

  /** Consecutive recovered intervals that make a recovery. */
  public static final int RECOVERED_INTERVALS = 3;

  /** A figure that could not be measured. */
  public static final long UNKNOWN = -1;

  private final List<TimelinePoint> points;

  /** An analysis of {@code points} (in time order) that ended by {@code runEndMillis}. */
  public FailoverAnalysis(List<TimelinePoint> points, long runEndMillis) {
    this.points = points.stream().filter(p -> p.endMillis() <= runEndMillis).toList();
  }

  /** The mean rate of the intervals that ended at or before {@code faultAtMillis}; 0 if none. */
  public long steadyOpsPerSecond(long faultAtMillis) {
    List<TimelinePoint> before =
        points.stream().filter(p -> p.endMillis() <= faultAtMillis).toList();
    if (before.isEmpty()) {
      return 0;
    }
    return Math.round(before.stream().mapToLong(TimelinePoint::opsPerSecond).average().orElse(0));
  }

  /** The longest stall from the fault on, in milliseconds of the intervals it spans. */
  public long stallMillis(long faultAtMillis) {
    double thresholdOpsPerSecond = STALL_FRACTION * steadyOpsPerSecond(faultAtMillis);
    long longestMillis = 0;
    long stallStartMillis = UNKNOWN;
    int fastRun = 0;
    long previousEndMillis = faultAtMillis;
    for (TimelinePoint point : points) {
      if (point.endMillis() <= faultAtMillis) {
        continue;
      }
      long startMillis = previousEndMillis;
      previousEndMillis = point.endMillis();
      if (point.opsPerSecond() < thresholdOpsPerSecond) {
        stallStartMillis = stallStartMillis == UNKNOWN ? startMillis : stallStartMillis;
        fastRun = 0;
        longestMillis = Math.max(longestMillis, point.endMillis() - stallStartMillis);
      } else if (++fastRun >= STALL_END_INTERVALS) {
        stallStartMillis = UNKNOWN;
      }
    }
    return longestMillis;
  }

  /**
   * Milliseconds from the heal until the node was UP everywhere (at {@code upEverywhereAtMillis},
   * or {@link #UNKNOWN}) and the rate had recovered; {@link #UNKNOWN} if either never happened.
   */
  public long recoveredMillis(long faultAtMillis, long healAtMillis, long upEverywhereAtMillis) {
    if (upEverywhereAtMillis == UNKNOWN) {
      return UNKNOWN;
    }
    long backAtMillis =
        throughputBackAtMillis(faultAtMillis, Math.max(healAtMillis, upEverywhereAtMillis));
    return backAtMillis == UNKNOWN ? UNKNOWN : backAtMillis - healAtMillis;
  }

  /**
   * Milliseconds from the heal until the rate had recovered, whatever the node states; {@link
   * #UNKNOWN} if it never did.
   */
  public long throughputBackMillis(long faultAtMillis, long healAtMillis) {
    long backAtMillis = throughputBackAtMillis(faultAtMillis, healAtMillis);
    return backAtMillis == UNKNOWN ? UNKNOWN : backAtMillis - healAtMillis;
  }

  /**
   * The end of the first interval ending after {@code fromMillis} that starts {@link
   * #RECOVERED_INTERVALS} recovered ones in a row, or {@link #UNKNOWN}.
   */
  private long throughputBackAtMillis(long faultAtMillis, long fromMillis) {
    double thresholdOpsPerSecond = RECOVERED_FRACTION * steadyOpsPerSecond(faultAtMillis);
    int run = 0;
    long runStartMillis = UNKNOWN;
    for (TimelinePoint point : points) {
      if (point.endMillis() <= fromMillis) {
        continue;
      }
      if (point.opsPerSecond() >= thresholdOpsPerSecond) {
        runStartMillis = run == 0 ? point.endMillis() : runStartMillis;
        run++;
        if (run == RECOVERED_INTERVALS) {
          return runStartMillis;
        }
      } else {
        run = 0;
      }
    }
    return UNKNOWN;
  }
}
