package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover figures read off synthetic 100 ms timelines whose answers are known. */
class FailoverAnalysisTest {
  private static final long INTERVAL_MILLIS = 100;

  /** A timeline of 100 ms intervals ending at 100, 200, ... with the given rates (ops/s). */
  private static List<TimelinePoint> timeline(long... opsPerSecond) {
    List<TimelinePoint> points = new ArrayList<>();
    for (int i = 0; i < opsPerSecond.length; i++) {
      long ops = opsPerSecond[i] * INTERVAL_MILLIS / 1000;
      points.add(new TimelinePoint((i + 1) * INTERVAL_MILLIS, ops, opsPerSecond[i], 500, 900, 0));
    }
    return points;
  }

  /** {@code count} intervals at {@code opsPerSecond}. */
  private static long[] repeat(long opsPerSecond, int count) {
    long[] rates = new long[count];
    java.util.Arrays.fill(rates, opsPerSecond);
    return rates;
  }

  private static long[] concat(long[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToLong(java.util.Arrays::stream).toArray();
  }

  @Test
  void steadyStateIsTheMeanRateBeforeTheFault() {
    FailoverAnalysis analysis =
        new FailoverAnalysis(
            timeline(concat(repeat(1000, 5), repeat(3000, 5), repeat(0, 10))), 2000);

    assertThat(analysis.steadyOpsPerSecond(1000)).isEqualTo(2000);
    assertThat(analysis.steadyOpsPerSecond(0)).isZero();
  }

  @Test
  void stallIsTheLongestRunBelowHalfTheSteadyRateFromTheFaultOn() {
    // steady 1000 for 1 s; fault at 1 s; 300 ms at 100, two at 600, then 700 ms at 400, then back.
    long[] rates =
        concat(repeat(1000, 10), repeat(100, 3), repeat(600, 2), repeat(400, 7), repeat(1000, 8));
    FailoverAnalysis analysis = new FailoverAnalysis(timeline(rates), 3000);

    assertThat(analysis.stallMillis(1000)).isEqualTo(700);
  }

  @Test
  void oneFastIntervalInsideAStallDoesNotEndIt() {
    // fault at 1 s; 300 ms at 100, one burst at 600, 700 ms at 400, one at 900, 200 ms at 0.
    long[] rates =
        concat(
            repeat(1000, 10),
            repeat(100, 3),
            repeat(600, 1),
            repeat(400, 7),
            repeat(900, 1),
            repeat(0, 2),
            repeat(1000, 6));
    FailoverAnalysis analysis = new FailoverAnalysis(timeline(rates), 3000);

    assertThat(analysis.stallMillis(1000)).isEqualTo(1400);
  }

  @Test
  void aStallThatLastsUntilTheEndOfTheRunCounts() {
    long[] rates = concat(repeat(1000, 10), repeat(1000, 2), repeat(0, 8));
    FailoverAnalysis analysis = new FailoverAnalysis(timeline(rates), 2000);

    assertThat(analysis.stallMillis(1000)).isEqualTo(800);
  }

  @Test
  void aRateOfExactlyHalfIsNoStallAndNoDipIsZero() {
    FailoverAnalysis analysis =
        new FailoverAnalysis(timeline(concat(repeat(1000, 10), repeat(500, 10))), 2000);

    assertThat(analysis.stallMillis(1000)).isZero();
  }

  @Test
  void aDipBeforeTheFaultIsNotAStall() {
    long[] rates = concat(repeat(1000, 4), repeat(0, 2), repeat(1000, 4), repeat(1000, 10));
    FailoverAnalysis analysis = new FailoverAnalysis(timeline(rates), 2000);

    assertThat(analysis.stallMillis(1000)).isZero();
  }

  @Test
  void thePartialLastIntervalAfterTheRunEndIsIgnored() {
    long[] rates = concat(repeat(1000, 20), repeat(10, 1));
    FailoverAnalysis analysis = new FailoverAnalysis(timeline(rates), 2000);

    assertThat(analysis.stallMillis(1000)).isZero();
    assertThat(new FailoverAnalysis(timeline(rates), 2100).stallMillis(1000)).isEqualTo(100);
  }

  @Test
  void recoveredWaitsForTheNodeUpEverywhereAndThreeIntervalsBackAtNinetyPercent() {
    // steady 1000 to 1 s; fault at 1 s; 0 until the heal at 2 s; at 2.1 s one interval at 950,
    // then one at 800 (below 90%), then 950 from 2.3 s on.
    long[] rates =
        concat(repeat(1000, 10), repeat(0, 10), repeat(950, 1), repeat(800, 1), repeat(950, 18));
    FailoverAnalysis analysis = new FailoverAnalysis(timeline(rates), 4000);

    assertThat(analysis.throughputBackMillis(1000, 2000)).isEqualTo(2300 - 2000);
    assertThat(analysis.recoveredMillis(1000, 2000, 2050)).isEqualTo(300);
    assertThat(analysis.recoveredMillis(1000, 2000, 3000)).isEqualTo(3100 - 2000);
  }

  @Test
  void recoveredIsUnknownWhenTheNodeStatesAreOrWhenTheRateNeverComesBack() {
    long[] rates = concat(repeat(1000, 10), repeat(0, 10), repeat(850, 20));
    FailoverAnalysis analysis = new FailoverAnalysis(timeline(rates), 4000);

    assertThat(analysis.recoveredMillis(1000, 2000, FailoverAnalysis.UNKNOWN))
        .isEqualTo(FailoverAnalysis.UNKNOWN);
    assertThat(analysis.recoveredMillis(1000, 2000, 2000)).isEqualTo(FailoverAnalysis.UNKNOWN);
    assertThat(analysis.throughputBackMillis(1000, 2000)).isEqualTo(FailoverAnalysis.UNKNOWN);
  }
}
