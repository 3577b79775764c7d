package io.ringstore.core.ring;

import net.openhft.hashing.LongHashFunction;

/**
 * The default partitioner: the low 64 bits of MurmurHash3 x64 128 with seed 0, the same token
 * function as Cassandra's {@code Murmur3Partitioner}. Hashing is done by OpenHFT's
 * zero-allocation-hashing, which reads the bytes in place and allocates nothing.
 */
public final class Murmur3Partitioner implements Partitioner {
  /** The one instance; the partitioner holds no state. */
  public static final Murmur3Partitioner INSTANCE = new Murmur3Partitioner();

  private static final LongHashFunction MURMUR3 = LongHashFunction.murmur_3();

  private Murmur3Partitioner() {}

  @Override
  public long token(byte[] key, int offset, int length) {
    return MURMUR3.hashBytes(key, offset, length);
  }
}
