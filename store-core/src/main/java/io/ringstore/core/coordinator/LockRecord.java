package io.ringstore.core.coordinator;

import io.ringstore.core.version.Versioned;
import java.nio.ByteBuffer;

/**
 * A lock's record: the value of its register key, written only by conditional writes.
 *
 * <p>Stored form: {@code byte format (1) | byte held (0 or 1) | long owner | long token | int
 * leaseMillis}, big-endian. A lock never granted has no record; a released one keeps its last
 * token, so the next grant's token is higher whatever happened in between.
 *
 * <p>Its key is {@link io.ringstore.core.wire.LockRequest#recordKey}.
 *
 * @param held whether a grant holds the lock
 * @param owner the holding acquisition's identity; when free, the last holder's (0 if never held)
 * @param token the last grant's fencing token; 0 before the first
 * @param leaseMillis the holder's lease; 0 when free
 */
record LockRecord(boolean held, long owner, long token, int leaseMillis) {
  /** A lock never granted. */
  static final LockRecord NEVER_GRANTED = new LockRecord(false, 0, 0, 0);

  private static final byte FORMAT = 1;
  private static final int ENCODED_BYTES = 2 + 8 + 8 + 4;

  /** The record {@code version} holds; a missing or deleted one is {@link #NEVER_GRANTED}. */
  static LockRecord of(Versioned versionOrNull) {
    if (versionOrNull == null || versionOrNull.isTombstone()) {
      return NEVER_GRANTED;
    }
    byte[] bytes = versionOrNull.value();
    if (bytes.length != ENCODED_BYTES || bytes[0] != FORMAT || (bytes[1] & ~1) != 0) {
      throw new IllegalStateException(
          "a lock record of "
              + bytes.length
              + " bytes is not of format "
              + FORMAT
              + "; was the key written by another program?");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 2, ENCODED_BYTES - 2);
    return new LockRecord(bytes[1] == 1, buffer.getLong(), buffer.getLong(), buffer.getInt());
  }

  /** The stored form. */
  byte[] encode() {
    return ByteBuffer.allocate(ENCODED_BYTES)
        .put(FORMAT)
        .put((byte) (held ? 1 : 0))
        .putLong(owner)
        .putLong(token)
        .putInt(leaseMillis)
        .array();
  }

  /** The record of a grant to {@code grantee} with {@code grantToken}. */
  static LockRecord grant(long grantee, long grantToken, int lease) {
    return new LockRecord(true, grantee, grantToken, lease);
  }

  /**
   * This lock freed, its token kept, and its last owner: a late copy of the acquisition that was
   * granted it learns that it was released rather than taking the lock again for nobody.
   */
  LockRecord released() {
    return new LockRecord(false, owner, token, 0);
  }
}
