package io.ringstore.core.coordinator;

import io.ringstore.core.wire.WireLimits;

/**
 * What a request gets when it leaves its consistency or timeout to the node: R for reads, W for
 * writes, and how long to wait. N is not here: it belongs to the ring ({@code
 * RingConfig.replicationFactor}), so every node agrees on it.
 *
 * @param readReplicas R, the replicas a read waits for under {@code Consistency.nodeDefault()}
 * @param writeReplicas W, the acknowledgements a write waits for under {@code
 *     Consistency.nodeDefault()}
 * @param timeoutMillis how long a request with {@code timeoutMillis == 0} waits for its quorum
 */
public record QuorumDefaults(int readReplicas, int writeReplicas, int timeoutMillis) {
  /** Default R: with N=3 and W=2, R+W>N, so a read sees the latest acknowledged write. */
  public static final int READ_REPLICAS_DEFAULT = 2;

  /** Default W: a write survives the loss of any one replica. */
  public static final int WRITE_REPLICAS_DEFAULT = 2;

  /** Default request timeout: long enough for a replica's fsync under load, short for a client. */
  public static final int TIMEOUT_MILLIS_DEFAULT = 2_000;

  /** Checks each count against the wire's replica bound and the timeout against its maximum. */
  public QuorumDefaults {
    requireInRange(readReplicas, 1, WireLimits.REPLICAS_MAX, "readReplicas");
    requireInRange(writeReplicas, 1, WireLimits.REPLICAS_MAX, "writeReplicas");
    requireInRange(timeoutMillis, 1, WireLimits.TIMEOUT_MILLIS_MAX, "timeoutMillis");
  }

  /** R=2, W=2, 2 seconds. */
  public static QuorumDefaults defaults() {
    return new QuorumDefaults(
        READ_REPLICAS_DEFAULT, WRITE_REPLICAS_DEFAULT, TIMEOUT_MILLIS_DEFAULT);
  }

  private static void requireInRange(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "quorum defaults: " + field + " is " + value + ", must be " + min + " to " + max);
    }
  }
}
