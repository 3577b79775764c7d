package io.ringstore.core.ring;

/**
 * A range of the token circle: the tokens after {@code startExclusive} up to and including {@code
 * endInclusive}, wrapping past {@link Long#MAX_VALUE} when the end is below the start. A range
 * whose ends are equal is the whole ring, which is what a single virtual node owns.
 */
public record TokenRange(long startExclusive, long endInclusive) {
  /** The whole ring. */
  public static TokenRange full() {
    return new TokenRange(Long.MIN_VALUE, Long.MIN_VALUE);
  }

  /** Whether this range covers the whole ring. */
  public boolean isFull() {
    return startExclusive == endInclusive;
  }

  /** Whether this range wraps past {@link Long#MAX_VALUE} back to {@link Long#MIN_VALUE}. */
  public boolean wraps() {
    return endInclusive < startExclusive;
  }

  /** Whether {@code token} lies in this range. */
  public boolean contains(long token) {
    if (isFull()) {
      return true;
    }
    if (wraps()) {
      return token > startExclusive || token <= endInclusive;
    }
    return token > startExclusive && token <= endInclusive;
  }
}
