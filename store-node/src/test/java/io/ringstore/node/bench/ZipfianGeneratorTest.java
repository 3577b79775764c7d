package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The YCSB Zipfian generator: in range, skewed as Zipf's law says, replayable from its seed. */
class ZipfianGeneratorTest {
  private static final int ITEMS = 1_000;
  private static final int DRAWS = 200_000;
  private static final long SEED = 42;

  @Test
  void drawsStayInRangeAndFavourLowItemsAsZipfsLawSays() {
    ZipfianGenerator generator = new ZipfianGenerator(ITEMS, ZipfianGenerator.THETA_DEFAULT, SEED);
    long[] counts = new long[ITEMS];
    for (int i = 0; i < DRAWS; i++) {
      long item = generator.next();
      assertThat(item).isBetween(0L, (long) ITEMS - 1);
      counts[(int) item]++;
    }
    double zeta = 0;
    for (int i = 1; i <= ITEMS; i++) {
      zeta += 1 / Math.pow(i, ZipfianGenerator.THETA_DEFAULT);
    }
    double expectedShareOfFirst = 1 / zeta;

    assertThat(counts[0] / (double) DRAWS).isCloseTo(expectedShareOfFirst, within(0.01));
    assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(counts[10]);
    assertThat(counts[1] / (double) counts[0]).isCloseTo(Math.pow(0.5, 0.99), within(0.05));
  }

  @Test
  void theSameSeedReplaysTheSameDraws() {
    ZipfianGenerator a = new ZipfianGenerator(ITEMS, 0.5, SEED);
    ZipfianGenerator b = a.withSeed(SEED);

    for (int i = 0; i < 1_000; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }

  @Test
  void badArgumentsAreRefusedNamingThem() {
    assertThatThrownBy(() -> new ZipfianGenerator(0, 0.99, SEED)).hasMessageContaining("items");
    assertThatThrownBy(() -> new ZipfianGenerator(10, 1.0, SEED)).hasMessageContaining("theta");
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
