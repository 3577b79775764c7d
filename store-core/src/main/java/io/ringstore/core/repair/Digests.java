package io.ringstore.core.repair;

import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongHashFunction;

/**
 * The 64-bit fingerprints anti-entropy compares. A key's digest covers its token and every one of
 * its versions (clock, timestamp, tombstone or the value's bytes), combined so that the order a
 * replica keeps its siblings in does not matter: two replicas holding the same versions of a key
 * have the same digest, and a replica that misses a version, holds an older one or lost a record to
 * a failed checksum (which storage never returns) almost surely has another.
 */
final class Digests {
  private static final LongHashFunction HASH = LongHashFunction.xx3();

  private Digests() {}

  /** The digest of one key as a scan met it. */
  static long of(KeyVersions key) {
    long versions = 0;
    for (Versioned version : key.versions()) {
      versions += ofVersion(version); // a sum: the order of siblings does not matter
    }
    return HASH.hashLongs(new long[] {key.token(), versions});
  }

  /** The hash of an interior tree node from its two children. */
  static long parent(long left, long right) {
    return HASH.hashLongs(new long[] {left, right});
  }

  private static long ofVersion(Versioned version) {
    long content = version.isTombstone() ? -1 : HASH.hashBytes(version.value());
    return HASH.hashLongs(
        new long[] {ofClock(version.clock()), version.timestampMillis(), content});
  }

  private static long ofClock(VectorClock clock) {
    long hash = clock.size();
    for (int i = 0; i < clock.size(); i++) {
      long node = HASH.hashBytes(clock.node(i).value().getBytes(StandardCharsets.UTF_8));
      hash = HASH.hashLongs(new long[] {hash, node, clock.counter(i)});
    }
    return hash;
  }
}
