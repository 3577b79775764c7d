package io.ringstore.core.testing;

import io.ringstore.core.annotation.SuppressForbidden;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seeds for randomized tests. Each run draws a fresh seed unless {@code -Dringstore.seed=N} is
 * given, and prints it, so any failure replays exactly: {@code mvn test -Dtest=SomeTest
 * -Dringstore.seed=N}.
 */
public final class Seeds {
  /** The system property that replays a seed. */
  public static final String PROPERTY = "ringstore.seed";

  private Seeds() {}

  /** The seed for {@code testName}, printed with the command line that replays it. */
  public static long seed(String testName) {
    String given = System.getProperty(PROPERTY);
    long seed = given != null ? Long.parseLong(given.trim()) : fresh();
    System.out.printf(
        Locale.ROOT, "%s seed=%d (replay with -D%s=%d)%n", testName, seed, PROPERTY, seed);
    return seed;
  }

  /**
   * Seeds for a test that runs many: {@code count} consecutive seeds from a fresh start, or only
   * the one given with {@code -Dringstore.seed=N}, so a failing seed of the batch replays alone.
   */
  public static List<Long> seeds(String testName, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive; got " + count);
    }
    String given = System.getProperty(PROPERTY);
    if (given != null) {
      return List.of(seed(testName));
    }
    long first = fresh();
    System.out.printf(
        Locale.ROOT,
        "%s seeds=%d..%d (replay one with -D%s=N)%n",
        testName,
        first,
        first + count - 1,
        PROPERTY);
    List<Long> seeds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      seeds.add(first + i);
    }
    return seeds;
  }

  @SuppressForbidden(reason = "the one source of fresh seeds; every seed is printed for replay")
  private static long fresh() {
    return new SecureRandom().nextLong();
  }
}
