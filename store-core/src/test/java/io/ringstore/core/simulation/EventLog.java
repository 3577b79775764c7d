package io.ringstore.core.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What happened in a run, one text line per event: simulated time in microseconds, the node (or
 * {@code client}, {@code sim}), and what. Two runs of one seed must produce byte-identical logs;
 * that is what replay compares. Lines never carry identity hash codes or array contents printed by
 * {@code Object.toString}, which differ between runs.
 */
public final class EventLog {
  /** Most lines one run may log; more means a runaway run. */
  public static final int LINES_MAX = 2_000_000;

  private final EventQueue clock;
  private final List<String> lines = new ArrayList<>();

  EventLog(EventQueue clock) {
    this.clock = clock;
  }

  /** Appends one line stamped with the current simulated time. */
  void record(String node, String what) {
    if (lines.size() >= LINES_MAX) {
      throw new IllegalStateException(LINES_MAX + " log lines: a runaway run? last " + what);
    }
    lines.add(String.format(Locale.ROOT, "%12d %-7s %s", clock.nowNanos() / 1_000, node, what));
  }

  /** Every line so far, oldest first. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The number of lines so far. */
  public int size() {
    return lines.size();
  }

  /** The whole log as one text, a line per event. */
  public String text() {
    return String.join("\n", lines) + "\n";
  }
}
