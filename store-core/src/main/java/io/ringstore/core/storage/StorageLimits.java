package io.ringstore.core.storage;

import io.ringstore.core.version.Versioned;

/**
 * The largest key and value an engine accepts. Bounding both keeps one request from exhausting
 * memory, the frame limit of the wire protocol above the largest record, and recovery's reads
 * bounded.
 *
 * @param keyBytesMax largest key, in bytes
 * @param valueBytesMax largest value, in bytes
 */
public record StorageLimits(int keyBytesMax, int valueBytesMax) {
  /** Default largest key: 64 KiB. */
  public static final int KEY_BYTES_MAX_DEFAULT = 64 * 1024;

  /** Default largest value: 16 MiB. */
  public static final int VALUE_BYTES_MAX_DEFAULT = 16 * 1024 * 1024;

  /** The most any configuration may allow for a value: 256 MiB. */
  public static final int VALUE_BYTES_MAX_CEILING = 256 * 1024 * 1024;

  public StorageLimits {
    if (keyBytesMax < 1 || keyBytesMax > KEY_BYTES_MAX_DEFAULT * 16) {
      throw new IllegalArgumentException(
          "storage limits: keyBytesMax is " + keyBytesMax + ", must be 1 to " + 16 * 65536);
    }
    if (valueBytesMax < 0 || valueBytesMax > VALUE_BYTES_MAX_CEILING) {
      throw new IllegalArgumentException(
          "storage limits: valueBytesMax is "
              + valueBytesMax
              + ", must be 0 to "
              + VALUE_BYTES_MAX_CEILING);
    }
  }

  /** 64 KiB keys, 16 MiB values. */
  public static StorageLimits defaults() {
    return new StorageLimits(KEY_BYTES_MAX_DEFAULT, VALUE_BYTES_MAX_DEFAULT);
  }

  /**
   * Checks {@code key} and {@code version} against the limits.
   *
   * @throws LimitExceededException naming the limit that was exceeded
   */
  public void check(byte[] key, Versioned version) {
    checkKey(key);
    if (version.value() != null && version.value().length > valueBytesMax) {
      throw new LimitExceededException(
          "value of "
              + version.value().length
              + " bytes is larger than the limit of "
              + valueBytesMax
              + " bytes (storage valueBytesMax): split the value or raise the limit");
    }
  }

  /**
   * Checks {@code key} against the limits.
   *
   * @throws LimitExceededException if the key is empty or longer than the limit
   */
  public void checkKey(byte[] key) {
    if (key.length == 0) {
      throw new LimitExceededException("key is empty: keys must hold at least one byte");
    }
    if (key.length > keyBytesMax) {
      throw new LimitExceededException(
          "key of "
              + key.length
              + " bytes is larger than the limit of "
              + keyBytesMax
              + " bytes (storage keyBytesMax): use a shorter key or raise the limit");
    }
  }
}
