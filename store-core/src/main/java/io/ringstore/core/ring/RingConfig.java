package io.ringstore.core.ring;

/**
 * How a ring is shaped: the partitioner, the replication factor N, the virtual nodes a member of
 * weight 1 owns, and how many fallback nodes beyond the N replicas each preference list keeps ready
 * for a sloppy quorum.
 *
 * @param partitioner hashes keys to tokens
 * @param replicationFactor N, the replicas of every key
 * @param vnodesPerUnitWeight virtual nodes of a member of weight 1; weight w owns about w times as
 *     many
 * @param fallbacksMax nodes kept after the N replicas in each preference list, tried in order when
 *     replicas are down
 */
public record RingConfig(
    Partitioner partitioner, int replicationFactor, int vnodesPerUnitWeight, int fallbacksMax) {
  /** Default N. */
  public static final int REPLICATION_FACTOR_DEFAULT = 3;

  /** Default virtual nodes per unit of weight, as Cassandra's classic {@code num_tokens}. */
  public static final int VNODES_PER_UNIT_WEIGHT_DEFAULT = 256;

  /** Default number of fallback nodes in a preference list. */
  public static final int FALLBACKS_MAX_DEFAULT = 3;

  /** Largest replication factor accepted. */
  public static final int REPLICATION_FACTOR_MAX = 15;

  /** Largest virtual node count per unit of weight accepted. */
  public static final int VNODES_PER_UNIT_WEIGHT_MAX = 4096;

  /** Largest number of fallbacks accepted. */
  public static final int FALLBACKS_MAX_MAX = 64;

  public RingConfig {
    if (partitioner == null) {
      throw new IllegalArgumentException("ring config: partitioner must not be null");
    }
    requireInRange("replicationFactor", replicationFactor, 1, REPLICATION_FACTOR_MAX);
    requireInRange("vnodesPerUnitWeight", vnodesPerUnitWeight, 1, VNODES_PER_UNIT_WEIGHT_MAX);
    requireInRange("fallbacksMax", fallbacksMax, 0, FALLBACKS_MAX_MAX);
  }

  /** Murmur3, N=3, 256 virtual nodes per unit of weight, 3 fallbacks. */
  public static RingConfig defaults() {
    return new RingConfig(
        Murmur3Partitioner.INSTANCE,
        REPLICATION_FACTOR_DEFAULT,
        VNODES_PER_UNIT_WEIGHT_DEFAULT,
        FALLBACKS_MAX_DEFAULT);
  }

  /** This config with another replication factor. */
  public RingConfig withReplicationFactor(int n) {
    return new RingConfig(partitioner, n, vnodesPerUnitWeight, fallbacksMax);
  }

  /** This config with another virtual node count per unit of weight. */
  public RingConfig withVnodesPerUnitWeight(int vnodes) {
    return new RingConfig(partitioner, replicationFactor, vnodes, fallbacksMax);
  }

  /** This config with another fallback count. */
  public RingConfig withFallbacksMax(int fallbacks) {
    return new RingConfig(partitioner, replicationFactor, vnodesPerUnitWeight, fallbacks);
  }

  /** The number of virtual nodes a member of {@code weight} owns: at least one. */
  public int vnodesFor(double weight) {
    return (int) Math.max(1, Math.round(weight * vnodesPerUnitWeight));
  }

  private static void requireInRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "ring config: " + field + " is " + value + ", must be " + min + " to " + max);
    }
  }
}
