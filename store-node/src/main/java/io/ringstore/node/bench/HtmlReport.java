package io.ringstore.node.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A failover run as one self-contained HTML page: the summary figures in a table and three charts
 * (throughput, p50/p99 latency on a log scale, errors) over the measured part, with the fault and
 * the heal marked. The charts are inline SVG drawn here: no script, no style sheet or font from the
 * network, so the file opens anywhere, offline, as it was written.
 */
public final class HtmlReport {
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 280;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final int TOP = 30;
  private static final int BOTTOM = 40;
  private static final int Y_TICKS = 5;
  private static final int X_TICKS_MAX = 15;
  private static final String FAULT_COLOR = "#d62728";
  private static final String HEAL_COLOR = "#2ca02c";
  private static final Map<String, String> MARK_COLORS =
      Map.of("fault", FAULT_COLOR, "heal", HEAL_COLOR, "detected", "#9467bd", "up", "#17becf");
  private static final Map<String, String> MARK_LABELS =
      Map.of("fault", "fault", "heal", "heal", "detected", "all see DOWN", "up", "all see UP");

  private static final String DEFINITIONS =
      "<p><b>stall_ms</b>: the longest run of intervals, from the fault on, below 50% of the"
          + " steady rate (steady_ops_s, the mean before the fault); one faster interval inside"
          + " does not end it, two in a row do. <b>p999_after_fault_us</b>,"
          + " <b>max_after_fault_us</b>: latencies of the operations completed in the 5 s after"
          + " the fault. <b>detect_ms</b>: from the fault until every live node marks the node"
          + " DOWN. <b>recovered_ms</b>: from the heal until the node is UP on every node and the"
          + " rate is back to 90% of steady for 3 intervals (throughput_back_ms: the rate alone)."
          + " -1: not measured (node states unknown) or never reached. <b>lost_acked</b>:"
          + " acknowledged writes whose value (or a later one) a read at consistency ALL did not"
          + " return.</p>\n";

  private HtmlReport() {}

  /** One line of a chart: a name, a colour and the value of each interval. */
  private record Series(String name, String color, ToLongFunction<TimelinePoint> value) {}

  /** The page for {@code report}. */
  public static String render(FailoverReport report) {
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<title>")
        .append(escape(report.title()))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:24px;color:#222}")
        .append("table{border-collapse:collapse;margin-bottom:16px}")
        .append("td,th{border:1px solid #bbb;padding:3px 10px;text-align:left}")
        .append("td.v{text-align:right;font-family:monospace}")
        .append("svg{display:block;margin:8px 0 20px 0}")
        .append("\n</style>\n</head>\n<body>\n<h1>")
        .append(escape(report.title()))
        .append("</h1>\n");
    figures(html, report.figures());
    html.append("<p>Timeline of the measured part, one point per ")
        .append(BenchRun.TIMELINE_INTERVAL_MILLIS)
        .append(" ms interval; <span style=\"color:")
        .append(FAULT_COLOR)
        .append("\">fault</span> and <span style=\"color:")
        .append(HEAL_COLOR)
        .append("\">heal</span> marked, and when known the instants every live node saw the node")
        .append(" DOWN (<span style=\"color:")
        .append(MARK_COLORS.get("detected"))
        .append("\">all see DOWN</span>) and every node saw it UP again (<span style=\"color:")
        .append(MARK_COLORS.get("up"))
        .append("\">all see UP</span>).</p>\n");
    chart(
        html,
        report,
        "Throughput (ops/s)",
        false,
        List.of(new Series("ops/s", "#1f77b4", TimelinePoint::opsPerSecond)));
    chart(
        html,
        report,
        "Latency (µs, log scale)",
        true,
        List.of(
            new Series("p50", "#1f77b4", TimelinePoint::p50Micros),
            new Series("p99", "#ff7f0e", TimelinePoint::p99Micros)));
    chart(
        html,
        report,
        "Errors per interval",
        false,
        List.of(new Series("errors", FAULT_COLOR, TimelinePoint::errors)));
    html.append(DEFINITIONS);
    return html.append("</body>\n</html>\n").toString();
  }

  private static void figures(StringBuilder html, Map<String, String> figures) {
    html.append("<table>\n<tr><th>figure</th><th>value</th></tr>\n");
    figures.forEach(
        (name, value) ->
            html.append("<tr><td>")
                .append(escape(name))
                .append("</td><td class=\"v\">")
                .append(escape(value))
                .append("</td></tr>\n"));
    html.append("</table>\n");
  }

  private static void chart(
      StringBuilder svg, FailoverReport report, String title, boolean log, List<Series> series) {
    Scale x = Scale.linear(0, Math.max(1, lastEndMillis(report)), LEFT, WIDTH - RIGHT);
    Scale y = yScale(report.points(), series, log);
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            escape(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"18\" font-size=\"15\" font-weight=\"bold\">%s</text>\n",
            LEFT,
            escape(title)));
    axes(svg, x, y, log);
    for (FailoverReport.Mark mark : report.marks()) {
      mark(svg, x, mark);
    }
    for (int i = 0; i < series.size(); i++) {
      line(svg, report.points(), series.get(i), x, y);
      legend(svg, series.get(i), i);
    }
    svg.append("</svg>\n");
  }

  private static long lastEndMillis(FailoverReport report) {
    List<TimelinePoint> points = report.points();
    long end = points.isEmpty() ? 0 : points.get(points.size() - 1).endMillis();
    return Math.max(end, report.healAtMillis());
  }

  private static Scale yScale(List<TimelinePoint> points, List<Series> series, boolean log) {
    long max = 1;
    for (Series s : series) {
      for (TimelinePoint point : points) {
        max = Math.max(max, s.value().applyAsLong(point));
      }
    }
    int bottom = HEIGHT - BOTTOM;
    if (log) {
      double top = Math.ceil(Math.log10(Math.max(10, max)));
      return Scale.log(Math.min(1, top - 1), top, bottom, TOP);
    }
    return Scale.linear(0, niceCeiling(max), bottom, TOP);
  }

  /** The smallest of 1, 2 or 5 times a power of ten at or above {@code value}. */
  static long niceCeiling(long value) {
    long power = 1;
    while (power * 10 <= value && power <= Long.MAX_VALUE / 100) {
      power *= 10;
    }
    for (long step : new long[] {1, 2, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private static void axes(StringBuilder svg, Scale x, Scale y, boolean log) {
    int bottom = HEIGHT - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n",
            LEFT,
            TOP,
            WIDTH - LEFT - RIGHT,
            bottom - TOP));
    for (double tick : y.ticks()) {
      double py = y.at(tick);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>\n",
              LEFT,
              py,
              WIDTH - RIGHT,
              py,
              LEFT - 6,
              py + 4,
              label(tick)));
    }
    for (double tick : secondTicksMillis(x.max())) {
      double px = x.at(tick);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s s</text>\n",
              px,
              TOP,
              px,
              bottom,
              px,
              bottom + 16,
              label(tick / 1000)));
    }
  }

  /** Whole-second ticks, 1, 2, 5, 10, ... s apart, at most {@link #X_TICKS_MAX} of them. */
  static double[] secondTicksMillis(double maxMillis) {
    long stepMillis = 1000;
    while (maxMillis / stepMillis > X_TICKS_MAX) {
      stepMillis = niceCeiling(stepMillis + 1);
    }
    int count = (int) (maxMillis / stepMillis) + 1;
    double[] ticks = new double[count];
    for (int i = 0; i < count; i++) {
      ticks[i] = (double) i * stepMillis;
    }
    return ticks;
  }

  private static void mark(StringBuilder svg, Scale x, FailoverReport.Mark mark) {
    String name = mark.name();
    String color = MARK_COLORS.get(name);
    boolean nodeState = !name.equals("fault") && !name.equals("heal");
    double px = x.at(mark.atMillis());
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"mark-%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                + "stroke-width=\"2\" stroke-dasharray=\"%s\"/>"
                + "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>\n",
            name,
            px,
            TOP,
            px,
            HEIGHT - BOTTOM,
            color,
            nodeState ? "2,3" : "6,4",
            px + 4,
            TOP + (nodeState ? 30 : 14),
            color,
            MARK_LABELS.get(name)));
  }

  /** A path through the points; a gap where a log-scale value is 0 (no operation to time). */
  private static void line(
      StringBuilder svg, List<TimelinePoint> points, Series series, Scale x, Scale y) {
    StringBuilder path = new StringBuilder();
    boolean penDown = false;
    for (TimelinePoint point : points) {
      long value = series.value().applyAsLong(point);
      if (!y.plots(value)) {
        penDown = false;
        continue;
      }
      path.append(penDown ? 'L' : 'M')
          .append(String.format(Locale.ROOT, "%.1f,%.1f ", x.at(point.endMillis()), y.at(value)));
      penDown = true;
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<path class=\"series\" data-series=\"%s\" d=\"%s\" fill=\"none\" stroke=\"%s\" "
                + "stroke-width=\"1.5\"/>\n",
            escape(series.name()),
            path.toString().trim(),
            series.color()));
  }

  private static void legend(StringBuilder svg, Series series, int index) {
    int px = WIDTH - RIGHT - 200 + index * 90;
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"8\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"14\" font-size=\"12\">%s</text>\n",
            px,
            series.color(),
            px + 18,
            escape(series.name())));
  }

  private static String label(double value) {
    if (value >= 1_000_000 && value % 1_000_000 == 0) {
      return String.format(Locale.ROOT, "%.0fM", value / 1_000_000);
    }
    if (value >= 1_000 && value % 1_000 == 0) {
      return String.format(Locale.ROOT, "%.0fk", value / 1_000);
    }
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  /** {@code text} with the five HTML special characters escaped. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** Maps data values to pixels, linearly or by decades. */
  private record Scale(double min, double max, double fromPixel, double toPixel, boolean log) {
    static Scale linear(double min, double max, double fromPixel, double toPixel) {
      return new Scale(min, max, fromPixel, toPixel, false);
    }

    /** A scale from 10^minDecade to 10^maxDecade. */
    static Scale log(double minDecade, double maxDecade, double fromPixel, double toPixel) {
      return new Scale(minDecade, maxDecade, fromPixel, toPixel, true);
    }

    boolean plots(long value) {
      return !log || value > 0;
    }

    double at(double value) {
      double v = log ? Math.log10(Math.max(value, Math.pow(10, min))) : value;
      double share = (Math.min(v, max) - min) / (max - min);
      return fromPixel + share * (toPixel - fromPixel);
    }

    double[] ticks() {
      if (log) {
        int count = (int) (max - min) + 1;
        double[] ticks = new double[count];
        for (int i = 0; i < count; i++) {
          ticks[i] = Math.pow(10, min + i);
        }
        return ticks;
      }
      double[] ticks = new double[Y_TICKS + 1];
      for (int i = 0; i <= Y_TICKS; i++) {
        ticks[i] = min + (max - min) * i / Y_TICKS;
      }
      return ticks;
    }
  }
}
