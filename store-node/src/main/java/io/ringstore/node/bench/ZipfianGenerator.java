package io.ringstore.node.bench;

import java.util.SplittableRandom;

/**
 * Draws item numbers 0 to {@code items - 1} with a Zipfian distribution: item 0 is the most
 * popular, item k about {@code 1/(k+1)^theta} as popular. The algorithm is YCSB's {@code
 * ZipfianGenerator}, from Gray et al., "Quickly Generating Billion-Record Synthetic Databases"
 * (SIGMOD 1994): one uniform draw and a closed-form inversion per item, after computing the zeta
 * constant once in O(items).
 *
 * <p>Not thread-safe: one generator per thread, each with its own seed, so a run replays.
 */
public final class ZipfianGenerator {
  /** YCSB's default skew. */
  public static final double THETA_DEFAULT = 0.99;

  /** Most items supported: the zeta constant takes one pass over them. */
  public static final long ITEMS_MAX = 1L << 31;

  private final long items;
  private final double theta;
  private final double zetaN;
  private final double alpha;
  private final double eta;
  private final SplittableRandom random;

  /** A generator over {@code items} items with skew {@code theta} (0 to 1, exclusive). */
  public ZipfianGenerator(long items, double theta, long seed) {
    if (items < 1 || items > ITEMS_MAX) {
      throw new IllegalArgumentException("items is " + items + ", must be 1 to " + ITEMS_MAX);
    }
    if (!(theta > 0 && theta < 1)) {
      throw new IllegalArgumentException("theta is " + theta + ", must be between 0 and 1");
    }
    this.items = items;
    this.theta = theta;
    this.zetaN = zeta(items, theta);
    this.alpha = 1.0 / (1.0 - theta);
    this.eta = (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta(2, theta) / zetaN);
    this.random = new SplittableRandom(seed);
  }

  /** A generator sharing this one's constants (the O(items) part) with another seed. */
  public ZipfianGenerator withSeed(long seed) {
    return new ZipfianGenerator(this, seed);
  }

  private ZipfianGenerator(ZipfianGenerator same, long seed) {
    this.items = same.items;
    this.theta = same.theta;
    this.zetaN = same.zetaN;
    this.alpha = same.alpha;
    this.eta = same.eta;
    this.random = new SplittableRandom(seed);
  }

  private static double zeta(long n, double theta) {
    double sum = 0;
    for (long i = 1; i <= n; i++) {
      sum += 1 / Math.pow(i, theta);
    }
    return sum;
  }

  /** The next item number, 0 (most popular) to {@code items - 1}. */
  public long next() {
    double u = random.nextDouble();
    double uz = u * zetaN;
    if (uz < 1.0) {
      return 0;
    }
    if (uz < 1.0 + Math.pow(0.5, theta)) {
      return Math.min(1, items - 1);
    }
    long item = (long) (items * Math.pow(eta * u - eta + 1, alpha));
    return Math.min(item, items - 1);
  }
}
