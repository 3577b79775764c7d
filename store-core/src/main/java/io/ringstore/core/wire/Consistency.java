package io.ringstore.core.wire;

import java.util.Objects;

/**
 * How many of a key's replicas must answer before the coordinator answers the client. {@link
 * Level#EXPLICIT} names a count; every other level carries a count of 0 and is resolved against the
 * replication factor by the coordinator.
 *
 * @param level the level
 * @param replicaCount the number of replicas for {@link Level#EXPLICIT}, else 0
 */
public record Consistency(Level level, int replicaCount) {
  /** The consistency levels. The wire carries the ordinal: append new levels at the end only. */
  public enum Level {
    /** The node's configured default (R or W). */
    DEFAULT,
    /** One replica. */
    ONE,
    /** A majority of the N replicas. */
    QUORUM,
    /** All N replicas. */
    ALL,
    /** Exactly {@link Consistency#replicaCount()} replicas. */
    EXPLICIT
  }

  private static final Consistency DEFAULT = new Consistency(Level.DEFAULT, 0);
  private static final Consistency ONE = new Consistency(Level.ONE, 0);
  private static final Consistency QUORUM = new Consistency(Level.QUORUM, 0);
  private static final Consistency ALL = new Consistency(Level.ALL, 0);

  /** Checks that the count fits the level. */
  public Consistency {
    Objects.requireNonNull(level, "level");
    if (level == Level.EXPLICIT) {
      MessageChecks.replicaCount(replicaCount, 1, "explicit replicaCount");
    } else if (replicaCount != 0) {
      throw new IllegalArgumentException(
          "replicaCount must be 0 for level " + level + ", not " + replicaCount);
    }
  }

  /** The node's configured default. */
  public static Consistency nodeDefault() {
    return DEFAULT;
  }

  /** One replica. */
  public static Consistency one() {
    return ONE;
  }

  /** A majority of the replicas. */
  public static Consistency quorum() {
    return QUORUM;
  }

  /** All replicas. */
  public static Consistency all() {
    return ALL;
  }

  /** Exactly {@code replicaCount} replicas, between 1 and {@link WireLimits#REPLICAS_MAX}. */
  public static Consistency explicit(int replicaCount) {
    return new Consistency(Level.EXPLICIT, replicaCount);
  }

  /** The consistency for a level and count, sharing the constant instances where it can. */
  public static Consistency of(Level level, int replicaCount) {
    if (level == Level.EXPLICIT || replicaCount != 0) {
      return new Consistency(level, replicaCount);
    }
    return switch (level) {
      case DEFAULT -> DEFAULT;
      case ONE -> ONE;
      case QUORUM -> QUORUM;
      case ALL -> ALL;
      case EXPLICIT -> throw new AssertionError("handled above");
    };
  }
}
