package io.ringstore.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The window's p99 is the sample of rank {@code ceil(count x 99%)} in ascending order, whatever the
 * samples and however many the window holds: checked against a sort, over seeded random windows
 * with many ties, from the first recomputation to a full window and past it.
 */
class LatencyWindowTest {
  private static final long SEED = 0x5EEDL;

  @Test
  void theP99IsTheSampleOfRank99PerCentOfTheWindow() {
    System.out.println("LatencyWindowTest seed=" + SEED);
    Random random = new Random(SEED);
    for (int trial = 0; trial < 200; trial++) {
      LatencyWindow window = new LatencyWindow();
      long[] recorded = new long[3 * LatencyWindow.SAMPLES_MAX];
      int bound = 1 + random.nextInt(trial % 2 == 0 ? 5 : 1_000_000);
      for (int i = 0; i < recorded.length; i++) {
        recorded[i] = random.nextInt(bound);
        if (window.record(recorded[i])) {
          assertThat(window.p99Nanos())
              .as("trial %d after %d samples", trial, i + 1)
              .isEqualTo(p99BySorting(recorded, i + 1));
        }
      }
    }
  }

  private static long p99BySorting(long[] recorded, int recordedCount) {
    int count = Math.min(recordedCount, LatencyWindow.SAMPLES_MAX);
    long[] window = Arrays.copyOfRange(recorded, recordedCount - count, recordedCount);
    Arrays.sort(window);
    int rank = (int) Math.ceil(count * LatencyWindow.PERCENTILE / 100.0);
    return window[Math.max(rank, 1) - 1];
  }
}
