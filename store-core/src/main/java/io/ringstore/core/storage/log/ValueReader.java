package io.ringstore.core.storage.log;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ringstore.core.storage.StorageLimits;
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
 */
final class ValueReader {
  /** Bytes charged per cache entry besides the value: pointer, array header, map node. */
  static final int CACHE_ENTRY_OVERHEAD_BYTES = 96;

  private final SegmentDirectory segments;
  private final StorageLimits limits;
  private final StorageStats stats;
  private final Cache<RecordPointer, byte[]> cache;

  ValueReader(
      SegmentDirectory segments, StorageLimits limits, StorageStats stats, long cacheBytes) {
    this.segments = segments;
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
   * checks (counted in {@link StorageStats#corruptRecordsSkipped}).
   */
  byte[] value(byte[] key, RecordPointer pointer) throws SegmentGoneException, IOException {
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

  /** The record at {@code pointer}, checked; null (and counted) if corrupt or not {@code key}'s. */
  RecordFormat.Decoded decodeChecked(byte[] key, RecordPointer pointer)
      throws SegmentGoneException, IOException {
    ByteBuffer bytes = read(pointer);
    try {
      RecordFormat.Decoded decoded = RecordFormat.decode(bytes, limits);
      if (bytes.hasRemaining() || !Arrays.equals(decoded.key(), key)) {
        throw new CorruptRecordException("record at " + pointer + " is not the indexed one");
      }
      return decoded;
    } catch (CorruptRecordException e) {
      stats.corruptRecordsSkipped.increment();
      return null;
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
