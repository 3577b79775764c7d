package io.ringstore.core.ring;

/**
 * Arithmetic on the 64-bit token circle. A position owns the range from the previous token
 * (exclusive) to its own token (inclusive), so its length is the unsigned difference of the two
 * tokens, wrapping past {@link Long#MAX_VALUE}; a lone token owns the whole circle. Lengths are
 * doubles in token units (the circle is 2^64 units): 53 bits of precision is ample for balancing.
 */
final class TokenSpace {
  /** The circumference of the ring in token units. */
  static final double RING_UNITS = 0x1.0p64;

  private static final double HALF_RING_UNITS = 0x1.0p63;

  private TokenSpace() {}

  /** Length in token units of the range {@code (previous, token]}; the whole ring if equal. */
  static double rangeUnits(long previous, long token) {
    if (previous == token) {
      return RING_UNITS;
    }
    return unsignedToDouble(token - previous);
  }

  /** The token {@code units} clockwise after {@code token}, wrapping around the ring. */
  static long advance(long token, double units) {
    if (!(units >= 0 && units < RING_UNITS)) {
      throw new IllegalArgumentException("cannot advance by " + units + " token units");
    }
    return token + doubleToUnsigned(units);
  }

  /** The share of the whole ring that {@code units} token units make. */
  static double share(double units) {
    return units / RING_UNITS;
  }

  private static double unsignedToDouble(long value) {
    double high = (double) (value >>> 1) * 2.0;
    return high + (value & 1L);
  }

  private static long doubleToUnsigned(double units) {
    if (units < HALF_RING_UNITS) {
      return (long) units;
    }
    return (long) (units - HALF_RING_UNITS) + Long.MIN_VALUE;
  }
}
