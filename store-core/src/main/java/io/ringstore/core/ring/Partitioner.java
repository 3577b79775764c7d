package io.ringstore.core.ring;

/**
 * Maps key bytes to a 64-bit token, the key's position on the ring. Tokens are compared as signed
 * longs, so the ring runs from {@link Long#MIN_VALUE} up to {@link Long#MAX_VALUE} and wraps.
 * Implementations are stateless, thread-safe and allocate nothing.
 */
public interface Partitioner {
  /** The token of {@code length} bytes of {@code key} starting at {@code offset}. */
  long token(byte[] key, int offset, int length);

  /** The token of the whole of {@code key}. */
  default long token(byte[] key) {
    return token(key, 0, key.length);
  }
}
