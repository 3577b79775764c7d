package io.ringstore.core.version;

/**
 * How two versions relate in causal (happened-before) order, as seen from the receiver of {@link
 * VectorClock#compare}: {@code a.compare(b) == BEFORE} means {@code a} happened before {@code b},
 * so {@code b} supersedes {@code a}.
 */
public enum Occurred {
  /** This version happened before the other: the other supersedes it. */
  BEFORE,
  /** This version happened after the other: it supersedes the other. */
  AFTER,
  /** Both versions carry the same history. */
  EQUAL,
  /** Neither saw the other: both are kept as siblings. */
  CONCURRENT;

  /** The relation seen from the other side: {@code b.compare(a) == a.compare(b).reversed()}. */
  public Occurred reversed() {
    return switch (this) {
      case BEFORE -> AFTER;
      case AFTER -> BEFORE;
      case EQUAL, CONCURRENT -> this;
    };
  }

  /** Whether this is {@link #BEFORE} or {@link #EQUAL}: the other version covers this one. */
  public boolean isBeforeOrEqual() {
    return this == BEFORE || this == EQUAL;
  }
}
