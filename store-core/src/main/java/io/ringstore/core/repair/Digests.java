package io.ringstore.core.repair;

import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import net.openhft.hashing.LongHashFunction;

/**
 * The 64-bit fingerprints anti-entropy compares. A key's digest covers its token and every one of
 * its versions (clock, timestamp, tombstone or the value's bytes), combined so that the order a
 * replica keeps its siblings in does not matter: two replicas holding the same versions of a key
 * have the same digest, and a replica that misses a version, holds an older one or lost a record to
 * a failed checksum (which storage never returns) almost surely has another.
 *
 * <p>A key's digest is the sum of its versions' digests, each of which covers the key's token: a
 * leaf's sum is then the same whether a replica met its versions key by key or in any order.
 *
 * <p>Bytes are hashed with XXH3; fixed-width fields are folded in with {@link #combine}, which
 * allocates nothing: a digest is taken per key of every scanned range, a million per tree of a
 * large range.
 */
final class Digests {
  private static final LongHashFunction HASH = LongHashFunction.xx3();

  private Digests() {}

  /**
   * The digest of one key as a scan met it: the sum of its versions' digests, so that the order of
   * siblings does not matter and a tree can sum versions met in any order ({@link #ofVersion}).
   */
  static long of(KeyVersions key) {
    long digest = 0;
    for (Versioned version : key.versions()) {
      digest += ofVersion(key.token(), version);
    }
    return digest;
  }

  /** The digest of one version of the key whose token is {@code token}. */
  static long ofVersion(long token, Versioned version) {
    long content = version.isTombstone() ? -1 : HASH.hashBytes(version.value());
    long clock = combine(ofClock(version.clock()), version.timestampMillis());
    return combine(token, combine(clock, content));
  }

  /** The hash of an interior tree node from its two children. */
  static long parent(long left, long right) {
    return combine(left, right);
  }

  private static long ofClock(VectorClock clock) {
    long hash = clock.size();
    for (int i = 0; i < clock.size(); i++) {
      long node = HASH.hashChars(clock.node(i).value());
      hash = combine(combine(hash, node), clock.counter(i));
      long[] runs = clock.runs(i);
      for (int r = 0; runs != null && r < runs.length; r++) {
        hash = combine(hash, runs[r]);
      }
    }
    return hash;
  }

  /**
   * Folds {@code value} into {@code hash}: MurmurHash3's 64-bit finalizer over the running hash and
   * the mixed value, so that the order of folding matters and every input bit reaches every output
   * bit.
   */
  static long combine(long hash, long value) {
    return mix(hash * 0x9E3779B97F4A7C15L ^ mix(value));
  }

  /** MurmurHash3's fmix64. */
  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
