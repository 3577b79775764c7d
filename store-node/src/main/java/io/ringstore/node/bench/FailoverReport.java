package io.ringstore.node.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a failover run's CSV and HTML reports show.
 *
 * @param title one line naming the run (fault, node, cluster)
 * @param faultAtMillis the fault instant, from the start of the measured part
 * @param healAtMillis the heal instant, from the start of the measured part
 * @param points the 100 ms timeline of the measured part, in time order
 * @param figures the summary figures by name ({@code stall_ms}, ...), in the order shown
 */
public record FailoverReport(
    String title,
    long faultAtMillis,
    long healAtMillis,
    List<TimelinePoint> points,
    Map<String, String> figures) {
  public FailoverReport {
    points = List.copyOf(points);
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }
}
