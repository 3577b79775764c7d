package io.ringstore.core.version;

import java.util.Arrays;

/**
 * The events of one vector clock entry as runs of counters: {@code [s1, e1, s2, e2, ...]}, sorted,
 * disjoint and not adjacent (a gap of at least one counter between two runs), every start at least
 * 1. {@code null} stands for the plain entry, the single run 1..counter, and an entry whose runs
 * come to 1..counter is made plain. Static helpers over arrays so that {@link VectorClock#compare}
 * allocates nothing; arrays are never changed after they are built.
 */
final class Runs {
  private Runs() {}

  /** Whether run array {@code runs} (null: 1..{@code counter}) holds {@code event}. */
  static boolean holds(long[] runs, long counter, long event) {
    if (runs == null) {
      return event >= 1 && event <= counter;
    }
    for (int r = 0; r < runs.length; r += 2) {
      if (event < runs[r]) {
        return false;
      }
      if (event <= runs[r + 1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether every event of {@code a} (null: 1..{@code counterA}; a counter of 0: no events) lies in
   * {@code b}: each run of a within one run of b, since b's runs are separated by gaps.
   */
  static boolean within(long[] a, long counterA, long[] b, long counterB) {
    if (counterA == 0) {
      return true;
    }
    if (a == null && b == null) {
      return counterA <= counterB;
    }
    int runsA = a == null ? 1 : a.length / 2;
    int r = 0;
    int runsB = b == null ? (counterB == 0 ? 0 : 1) : b.length / 2;
    for (int k = 0; k < runsA; k++) {
      long start = a == null ? 1 : a[2 * k];
      long end = a == null ? counterA : a[2 * k + 1];
      while (r < runsB && end(b, counterB, r) < start) {
        r++;
      }
      if (r == runsB || start(b, r) > start || end(b, counterB, r) < end) {
        return false;
      }
    }
    return true;
  }

  /**
   * The union of {@code a} and {@code b} (each null for 1..its counter, or a counter of 0 for
   * none), normalized; when it holds more than {@code runsMax} runs, the lowest gaps are filled
   * (the lowest runs become one) until it does not, which claims the events in those gaps (see
   * {@link VectorClock}'s design on why the oldest gap is the one to claim).
   */
  static long[] union(long[] a, long counterA, long[] b, long counterB, int runsMax) {
    long[] merged = new long[2 * (count(a, counterA) + count(b, counterB))];
    int size = 0;
    int i = 0;
    int j = 0;
    int runsA = count(a, counterA);
    int runsB = count(b, counterB);
    while (i < runsA || j < runsB) {
      boolean takeA = j == runsB || (i < runsA && start(a, i) <= start(b, j));
      long start = takeA ? start(a, i) : start(b, j);
      long end = takeA ? end(a, counterA, i++) : end(b, counterB, j++);
      if (size > 0 && start <= merged[size - 1] + 1) {
        merged[size - 1] = Math.max(merged[size - 1], end);
      } else {
        merged[size++] = start;
        merged[size++] = end;
      }
    }
    int fill = Math.max(0, size / 2 - runsMax);
    long[] runs = Arrays.copyOfRange(merged, 2 * fill, size);
    runs[0] = merged[0];
    return normalized(runs);
  }

  /** {@code runs} as stored: null for the single run starting at 1. */
  static long[] normalized(long[] runs) {
    return runs.length == 2 && runs[0] == 1 ? null : runs;
  }

  /**
   * Checks a run array read from outside (a codec): even length of at least 2, starts at least 1,
   * sorted, disjoint and not adjacent, ending at {@code counter}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static long[] checked(long[] runs, long counter, int runsMax) {
    if (runs.length < 2 || runs.length % 2 != 0 || runs.length / 2 > runsMax) {
      throw new IllegalArgumentException(
          "runs " + Arrays.toString(runs) + " must be 1 to " + runsMax + " (start, end) pairs");
    }
    long previousEnd = -1;
    for (int r = 0; r < runs.length; r += 2) {
      if (runs[r] < 1 || runs[r] > runs[r + 1] || runs[r] <= previousEnd + 1) {
        throw new IllegalArgumentException(
            "runs "
                + Arrays.toString(runs)
                + " must start at 1 or later, be sorted and have a gap between runs");
      }
      previousEnd = runs[r + 1];
    }
    if (previousEnd != counter) {
      throw new IllegalArgumentException(
          "runs " + Arrays.toString(runs) + " must end at the entry's counter " + counter);
    }
    return normalized(runs);
  }

  private static int count(long[] runs, long counter) {
    return runs != null ? runs.length / 2 : counter == 0 ? 0 : 1;
  }

  private static long start(long[] runs, int r) {
    return runs == null ? 1 : runs[2 * r];
  }

  private static long end(long[] runs, long counter, int r) {
    return runs == null ? counter : runs[2 * r + 1];
  }

  /** {@code s..e, s..e} for messages; a plain entry as {@code 1..counter}. */
  static String show(long[] runs, long counter) {
    if (runs == null) {
      return "1.." + counter;
    }
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < runs.length; r += 2) {
      text.append(r == 0 ? "" : ",").append(runs[r]);
      if (runs[r + 1] != runs[r]) {
        text.append("..").append(runs[r + 1]);
      }
    }
    return text.toString();
  }
}
