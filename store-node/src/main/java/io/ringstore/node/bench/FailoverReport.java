package io.ringstore.node.bench;

import java.util.ArrayList;
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
 * @param detectedAtMillis when every live node first saw the faulted one DOWN, or -1
 * @param upEverywhereAtMillis when every node first saw it UP again after the heal, or -1
 */
public record FailoverReport(
    String title,
    long faultAtMillis,
    long healAtMillis,
    List<TimelinePoint> points,
    Map<String, String> figures,
    long detectedAtMillis,
    long upEverywhereAtMillis) {
  public FailoverReport {
    points = List.copyOf(points);
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  /** A report without node-state instants. */
  public FailoverReport(
      String title,
      long faultAtMillis,
      long healAtMillis,
      List<TimelinePoint> points,
      Map<String, String> figures) {
    this(
        title,
        faultAtMillis,
        healAtMillis,
        points,
        figures,
        FailoverAnalysis.UNKNOWN,
        FailoverAnalysis.UNKNOWN);
  }

  /** An instant marked on the timeline. */
  public record Mark(String name, long atMillis) {}

  /**
   * The instants to mark, in this order: {@code fault}, {@code heal}, then {@code detected} (every
   * live node sees the node DOWN) and {@code up} (every node sees it UP again) when known.
   */
  public List<Mark> marks() {
    List<Mark> marks = new ArrayList<>();
    marks.add(new Mark("fault", faultAtMillis));
    marks.add(new Mark("heal", healAtMillis));
    if (detectedAtMillis >= 0) {
      marks.add(new Mark("detected", detectedAtMillis));
    }
    if (upEverywhereAtMillis >= 0) {
      marks.add(new Mark("up", upEverywhereAtMillis));
    }
    return marks;
  }
}
