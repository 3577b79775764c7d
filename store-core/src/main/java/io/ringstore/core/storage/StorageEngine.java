package io.ringstore.core.storage;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.util.Iterator;
import java.util.List;

/**
 * A node's replicas of the keys it holds: the one narrow interface every storage engine implements
 * and every service stores through (Voldemort's {@code Store}, reduced to what a Dynamo replica
 * needs). Decorators (metrics, fault injection) wrap it; a shared contract suite runs against every
 * implementation.
 *
 * <p>A key holds a set of mutually concurrent versions (siblings). {@link #put} keeps that set an
 * antichain under the vector clock order: a version older than or equal to a stored one is obsolete
 * and ignored; a newer one replaces every version it descends from. Deletes are tombstone versions,
 * purged by the engine after a grace period. All methods are thread-safe.
 */
public interface StorageEngine extends AutoCloseable {
  /**
   * The current versions of {@code key}, tombstones included, in no particular order; empty if the
   * key was never written or its tombstone was purged. A version whose bytes fail their checksum is
   * never returned.
   */
  List<Versioned> get(byte[] key);

  /**
   * Stores {@code version} of {@code key} unless it is obsolete. When this returns, the write is as
   * durable as the engine's fsync policy promises.
   *
   * @throws LimitExceededException if the key or value is larger than the engine accepts
   * @throws StorageFullException if the disk is full; the engine stays readable
   */
  PutOutcome put(byte[] key, Versioned version);

  /**
   * {@link #put}, refusing a version that would leave the key more than {@code siblingsMax}
   * versions ({@link VersionSet#requireWithinSiblings}; 0: no bound). A coordinator's new writes
   * are bounded; repairs and hint replays, which carry versions that exist elsewhere, are not. This
   * default checks against {@link #get} first; engines override it to check atomically.
   *
   * @throws LimitExceededException if the bound refuses the version, or as {@link #put}
   */
  default PutOutcome put(byte[] key, Versioned version, int siblingsMax) {
    if (siblingsMax > 0) {
      List<Versioned> current = get(key);
      List<Versioned> next = VersionSet.add(current, version);
      if (next != null) {
        VersionSet.requireWithinSiblings(current.size(), next.size(), siblingsMax);
      }
    }
    return put(key, version);
  }

  /**
   * {@link #put} for a caller that must not block (a network event loop): appends now, so the write
   * is visible to reads when this returns, and tells {@code callback}, once, what {@link #put}
   * would have returned or thrown, as soon as the write is as durable as the fsync policy promises.
   * This default runs {@link #put} on the caller's thread; engines whose writes wait for the disk
   * override it.
   */
  default void putAsync(byte[] key, Versioned version, PutCallback callback) {
    putAsync(key, version, 0, callback);
  }

  /**
   * {@link #putAsync(byte[], Versioned, PutCallback)} with the bound of {@link #put(byte[],
   * Versioned, int)}.
   */
  default void putAsync(byte[] key, Versioned version, int siblingsMax, PutCallback callback) {
    PutOutcome outcome;
    try {
      outcome = put(key, version, siblingsMax);
    } catch (RuntimeException e) {
      callback.failed(e);
      return;
    }
    callback.completed(outcome);
  }

  /** Deletes {@code key} by writing a tombstone with {@code clock}: a {@link #put} of it. */
  default PutOutcome delete(byte[] key, VectorClock clock, long timestampMillis) {
    return put(key, Versioned.tombstone(clock, timestampMillis));
  }

  /**
   * The keys whose tokens lie in {@code range}, in ascending token order (keys with equal tokens in
   * byte order), each with its current versions. The iteration is weakly consistent: it sees each
   * key as of some moment during the scan.
   */
  Iterator<KeyVersions> scan(TokenRange range);

  /**
   * Visits every current version of the keys whose tokens lie in {@code range}, each once, in no
   * particular order: for a caller that only sums over them (anti-entropy's Merkle leaves), which
   * an engine may serve faster than {@link #scan} (the log engine reads its segments front to back
   * instead of seeking to each value). A version whose bytes fail their checksum is never visited.
   * Returns false if it could not finish (storage changed under it in a way that could visit a
   * version twice); the caller then discards what it summed and uses {@link #scan}.
   */
  default boolean forEachVersion(TokenRange range, VersionVisitor visitor) {
    Iterator<KeyVersions> keys = scan(range);
    while (keys.hasNext()) {
      KeyVersions key = keys.next();
      for (Versioned version : key.versions()) {
        visitor.visit(key.key(), key.token(), version);
      }
    }
    return true;
  }

  /** Hears one version of {@link #forEachVersion}. */
  @FunctionalInterface
  interface VersionVisitor {
    void visit(byte[] key, long token, Versioned version);
  }

  /** Makes every write that has returned durable, whatever the fsync policy. */
  void sync();

  /** Syncs and releases files; further calls fail with {@link StorageClosedException}. */
  @Override
  void close();
}
