package io.ringstore.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What guards a fenced write: the lock its writer holds and the fencing token of that grant. A key
 * refuses a fenced write whose token is below the highest it accepted for the same lock.
 *
 * @param lock the lock's name, 1 to {@link #LOCK_NAME_BYTES_MAX} bytes of UTF-8
 * @param token the grant's fencing token, at least 1
 */
public record Fence(String lock, long token) {
  /** The longest lock name, in bytes of UTF-8. */
  public static final int LOCK_NAME_BYTES_MAX = 256;

  public Fence {
    checkLockName(lock);
    if (token < 1) {
      throw new IllegalArgumentException("fencing token " + token + " must be at least 1");
    }
  }

  /** Checks a lock's name: 1 to {@link #LOCK_NAME_BYTES_MAX} bytes of UTF-8. */
  public static void checkLockName(String lock) {
    int bytes = Objects.requireNonNull(lock, "lock").getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > LOCK_NAME_BYTES_MAX) {
      throw new IllegalArgumentException(
          "lock name of " + bytes + " bytes must be 1 to " + LOCK_NAME_BYTES_MAX + " bytes");
    }
  }

  @Override
  public String toString() {
    return lock + ":" + token;
  }
}
