package io.ringstore.core.testing;

import io.ringstore.core.annotation.SuppressForbidden;
import java.security.SecureRandom;
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

  @SuppressForbidden(reason = "the one source of fresh seeds; every seed is printed for replay")
  private static long fresh() {
    return new SecureRandom().nextLong();
  }
}
