package io.ringstore.core.storage.log;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.storage.TokenKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;

/**
 * Reads records through index pointers: a positional read, the CRC and every length checked on each
 * read, and a Caffeine cache of hot values bounded in bytes. The cache runs maintenance on the
 * calling thread ({@code executor(Runnable::run)}) so it starts no threads.
 *
 * <p><b>One entry per key.</b> The cache is keyed by key and holds the value of one of its records,
 * with that record's pointer; a read hits only if the pointer is the one it asks for. A pointer's
 * record never changes, so a hit is never stale, and a write replaces its key's entry instead of
 * adding one. Keyed by pointer, as it was, every write added an entry and left the superseded one
 * to eviction: the cache grew with the write count, not the key count, and its map resizing and
 * eviction were a tenth of a replica's CPU (JFR, 2026-12-06). Pitfall: a key with several siblings
 * keeps only the last one read or written, so reading all of them misses on the others.
 *
 * <p>A record found corrupt is dropped from the index, by pointer and only if the index still
 * points at it, and its segment is marked ({@link Segment#corruptFound}): while the index held the
 * bad version, a repair {@code put} of the same version was refused as obsolete and the replica
 * stayed without the value for ever. The mark keeps compaction from deleting that segment in a
 * partial pass (see {@link Compactor}).
 */
final class ValueReader {
  /** Bytes charged per cache entry besides key and value: pointer, headers, map node. */
  static final int CACHE_ENTRY_OVERHEAD_BYTES = 128;

  private final SegmentDirectory segments;
  private final KeyIndex index;
  private final StorageLimits limits;
  private final StorageStats stats;
  private final Cache<TokenKey, CachedValue> cache;

  ValueReader(
      SegmentDirectory segments,
      KeyIndex index,
      StorageLimits limits,
      StorageStats stats,
      long cacheBytes) {
    this.segments = segments;
    this.index = index;
    this.limits = limits;
    this.stats = stats;
    this.cache = cacheBytes == 0 ? null : newCache(cacheBytes);
  }

  /** The value of the key's record at {@code pointer}. */
  private record CachedValue(RecordPointer pointer, byte[] value) {}

  private static Cache<TokenKey, CachedValue> newCache(long cacheBytes) {
    return Caffeine.newBuilder()
        .maximumWeight(cacheBytes)
        .weigher(
            (TokenKey key, CachedValue cached) ->
                key.key().length + cached.value().length + CACHE_ENTRY_OVERHEAD_BYTES)
        .executor(Runnable::run)
        .build();
  }

  /**
   * The value of the record at {@code pointer} for {@code key}, or null if the record fails its
   * checks (counted in {@link StorageStats#corruptRecordsSkipped} and dropped, see {@link
   * #dropCorrupt}).
   */
  byte[] value(TokenKey key, RecordPointer pointer) throws SegmentGoneException, IOException {
    return value(key, pointer, true);
  }

  /**
   * The value at {@code pointer}, as {@link #value(TokenKey, RecordPointer)}, but a value read from
   * disk is not put in the cache when {@code cacheIt} is false: for scans, which would otherwise
   * push every hot value out of the cache and pay for an insertion per key.
   */
  byte[] value(TokenKey key, RecordPointer pointer, boolean cacheIt)
      throws SegmentGoneException, IOException {
    CachedValue cached = cache == null ? null : cache.getIfPresent(key);
    if (cached != null && cached.pointer().equals(pointer)) {
      stats.cacheHits.increment();
      return cached.value();
    }
    stats.cacheMisses.increment();
    RecordFormat.Decoded decoded = decodeChecked(key, pointer);
    if (decoded == null || decoded.version().isTombstone()) {
      return null;
    }
    if (cacheIt) {
      remember(key, pointer, decoded.version().value());
    }
    return decoded.version().value();
  }

  /** The record at {@code pointer}, checked; null (and dropped) if corrupt or not {@code key}'s. */
  RecordFormat.Decoded decodeChecked(TokenKey key, RecordPointer pointer)
      throws SegmentGoneException, IOException {
    ByteBuffer bytes = read(pointer);
    try {
      RecordFormat.Decoded decoded = RecordFormat.decode(bytes, limits);
      if (bytes.hasRemaining() || !Arrays.equals(decoded.key(), key.key())) {
        throw new CorruptRecordException("record at " + pointer + " is not the indexed one");
      }
      return decoded;
    } catch (CorruptRecordException e) {
      dropCorrupt(key, pointer);
      return null;
    }
  }

  /**
   * Counts the corrupt record at {@code pointer}, removes exactly that version of {@code key} from
   * the index if it still points there (a repair {@code put} of the same version is then stored),
   * and marks its segment.
   */
  void dropCorrupt(TokenKey key, RecordPointer pointer) {
    stats.corruptRecordsSkipped.increment();
    index.remove(key, pointer);
    Segment segment = segments.get(pointer.segmentId());
    if (segment != null) {
      segment.corruptFound(true);
    }
  }

  /** The raw bytes of the record at {@code pointer}. */
  ByteBuffer read(RecordPointer pointer) throws SegmentGoneException, IOException {
    Segment segment = segments.get(pointer.segmentId());
    if (segment == null) {
      throw new SegmentGoneException(pointer.segmentId());
    }
    try {
      return segment.read(pointer.offset(), pointer.sizeBytes());
    } catch (ClosedChannelException e) {
      if (!segment.closedByEngine()) {
        throw e;
      }
      throw new SegmentGoneException(pointer.segmentId());
    }
  }

  /** The value of the record at {@code pointer} if it is the key's cached one; null otherwise. */
  byte[] cachedValue(TokenKey key, RecordPointer pointer) {
    CachedValue cached = cache == null ? null : cache.getIfPresent(key);
    return cached != null && cached.pointer().equals(pointer) ? cached.value() : null;
  }

  /** Caches a value just written or read as its key's entry. */
  void remember(TokenKey key, RecordPointer pointer, byte[] value) {
    if (cache != null) {
      cache.put(key, new CachedValue(pointer, value));
    }
  }
}
