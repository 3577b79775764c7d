package io.ringstore.core.version;

import java.util.Arrays;

/**
 * One version of a key's value: its causal history ({@code clock}), the coordinator's wall-clock
 * time of the write ({@code timestampMillis}, used only for last-write-wins resolution and
 * tombstone expiry) and the value bytes, or {@code null} for a tombstone (a delete).
 *
 * <p>Equality compares the value bytes by content and the clock by its (node, counter) pairs.
 *
 * <p><b>Pitfalls.</b> The value array is not copied, on the way in or out, so that a value read
 * from disk or the network reaches the client without a copy. Treat it as read-only: nobody may
 * change it after handing it to a {@code Versioned}.
 */
public record Versioned(VectorClock clock, long timestampMillis, byte[] value) {
  /** Rejects a null clock; a null value makes a tombstone. */
  public Versioned {
    if (clock == null) {
      throw new IllegalArgumentException("versioned: clock must not be null");
    }
  }

  /**
   * A live value.
   *
   * @throws IllegalArgumentException if {@code value} is null: write a {@link #tombstone} instead
   */
  public static Versioned of(VectorClock clock, long timestampMillis, byte[] value) {
    if (value == null) {
      throw new IllegalArgumentException("versioned: value must not be null; use tombstone()");
    }
    return new Versioned(clock, timestampMillis, value);
  }

  /** A delete marker: it supersedes the versions its clock descends from, and holds no value. */
  public static Versioned tombstone(VectorClock clock, long timestampMillis) {
    return new Versioned(clock, timestampMillis, null);
  }

  /** Whether this version records a delete rather than a value. */
  public boolean isTombstone() {
    return value == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Versioned other
        && timestampMillis == other.timestampMillis
        && clock.equals(other.clock)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    int hash = clock.hashCode();
    hash = 31 * hash + Long.hashCode(timestampMillis);
    return 31 * hash + Arrays.hashCode(value);
  }

  /** The clock, timestamp and value length; never the value bytes, which may be large or secret. */
  @Override
  public String toString() {
    String content = isTombstone() ? "tombstone" : value.length + " bytes";
    return "Versioned[clock="
        + clock
        + ", timestampMillis="
        + timestampMillis
        + ", "
        + content
        + "]";
  }
}
