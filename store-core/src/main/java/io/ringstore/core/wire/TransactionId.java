package io.ringstore.core.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A transaction's identity: 128 random bits, drawn by its client and kept by its retries of the
 * commit. The transaction's record (whether it committed) lives under {@link #recordKey()}.
 */
public record TransactionId(long high, long low) {
  private static final byte[] RECORD_KEY_PREFIX = {0, 't', 'x', 'n', ':'};

  public TransactionId {
    if (high == 0 && low == 0) {
      throw new IllegalArgumentException("transaction id 0 is not one: draw one at random");
    }
  }

  /** A fresh identity from {@code random}. */
  public static TransactionId random(Random random) {
    long high = random.nextLong();
    long low = random.nextLong();
    return new TransactionId(high, low == 0 && high == 0 ? 1 : low);
  }

  /** The key of this transaction's record: {@code 0x00 'txn:'} and the id's 16 bytes. */
  public byte[] recordKey() {
    return ByteBuffer.allocate(RECORD_KEY_PREFIX.length + 16)
        .put(RECORD_KEY_PREFIX)
        .putLong(high)
        .putLong(low)
        .array();
  }

  /** Whether {@code key} is a transaction record's (clients may not write such keys). */
  public static boolean isRecordKey(byte[] key) {
    return key.length >= RECORD_KEY_PREFIX.length
        && Arrays.equals(
            key, 0, RECORD_KEY_PREFIX.length, RECORD_KEY_PREFIX, 0, RECORD_KEY_PREFIX.length);
  }

  @Override
  public String toString() {
    return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
  }
}
