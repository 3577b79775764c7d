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
 * read, and a Caffeine cache of hot values keyed by pointer and bounded in bytes. The cache runs
 * maintenance on the calling thread ({@code executor(Runnable::run)}) so it starts no threads; a
 * pointer's record never changes, so cached values never go stale (a moved record gets a new
 * pointer).
 *
 * <p>A record found corrupt is dropped from the index, by pointer and only if the index still
 * points at it, and its segment is marked ({@link Segment#corruptFound}): while the index held the
 * bad version, a repair {@code put} of the same version was refused as obsolete and the replica
 * stayed without the value for ever. The mark keeps compaction from deleting that segment in a
 * partial pass (see {@link Compactor}).
 */
final class ValueReader {
  /** Bytes charged per cache entry besides the value: pointer, array header, map node. */
  static final int CACHE_ENTRY_OVERHEAD_BYTES = 96;

  private final SegmentDirectory segments;
  private final KeyIndex index;
  private final StorageLimits limits;
  private final StorageStats stats;
  private final Cache<RecordPointer, byte[]> cache;

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

  private static Cache<RecordPointer, byte[]> newCache(long cacheBytes) {
    return Caffeine.newBuilder()
        .maximumWeight(cacheBytes)
        .weigher((RecordPointer pointer, byte[] value) -> value.length + CACHE_ENTRY_OVERHEAD_BYTES)
        .executor(Runnable::run)
        .build();
  }

  /**
   * The value of the record at {@code pointer} for {@code key}, or null if the record fails its
   * checks (counted in {@link StorageStats#corruptRecordsSkipped} and dropped, see {@link
   * #dropCorrupt}).
   */
  byte[] value(TokenKey key, RecordPointer pointer) throws SegmentGoneException, IOException {
    byte[] cached = cache == null ? null : cache.getIfPresent(pointer);
    if (cached != null) {
      stats.cacheHits.increment();
      return cached;
    }
    stats.cacheMisses.increment();
    RecordFormat.Decoded decoded = decodeChecked(key, pointer);
    if (decoded == null || decoded.version().isTombstone()) {
      return null;
    }
    remember(pointer, decoded.version().value());
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

  /** Caches a value just written or read. */
  void remember(RecordPointer pointer, byte[] value) {
    if (cache != null) {
      cache.put(pointer, value);
    }
  }
}
