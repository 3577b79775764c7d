package io.ringstore.node.bench;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A failover run's timeline as CSV: one row per 100 ms interval ({@code t_s} is the interval's end
 * in seconds from the start of the measured part), and a {@code mark} column naming what happened
 * in the interval: {@code fault}, {@code heal}, {@code detected} (every live node saw the faulted
 * node DOWN), {@code up} (every node saw it UP again), joined by {@code +} when several did.
 */
public final class TimelineCsv {
  /** The header row. */
  public static final String HEADER = "t_s,ops,ops_s,p50_us,p99_us,errors,mark";

  private TimelineCsv() {}

  /** The CSV text of {@code report}'s timeline, header first, one line per interval. */
  public static String render(FailoverReport report) {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    long previousEndMillis = Long.MIN_VALUE;
    for (TimelinePoint point : report.points()) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%.1f,%d,%d,%d,%d,%d,%s%n",
              point.endMillis() / 1000.0,
              point.ops(),
              point.opsPerSecond(),
              point.p50Micros(),
              point.p99Micros(),
              point.errors(),
              mark(report, previousEndMillis, point.endMillis())));
      previousEndMillis = point.endMillis();
    }
    return csv.toString();
  }

  private static String mark(FailoverReport report, long fromMillis, long toMillis) {
    return report.marks().stream()
        .filter(m -> m.atMillis() > fromMillis && m.atMillis() <= toMillis)
        .map(FailoverReport.Mark::name)
        .collect(Collectors.joining("+"));
  }
}
