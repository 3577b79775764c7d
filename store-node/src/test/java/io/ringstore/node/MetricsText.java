package io.ringstore.node;

import java.util.OptionalDouble;

/** Reads one series' value out of a Prometheus text-format page, for tests. */
final class MetricsText {
  private MetricsText() {}

  /**
   * The value of {@code series} (the name with its labels, exactly as written, e.g. {@code
   * ringstore_peers{state="up"}}), or empty when the page has no such line.
   */
  static OptionalDouble value(String page, String series) {
    for (String line : page.split("\n")) {
      if (line.startsWith(series + " ")) {
        return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).trim()));
      }
    }
    return OptionalDouble.empty();
  }
}
