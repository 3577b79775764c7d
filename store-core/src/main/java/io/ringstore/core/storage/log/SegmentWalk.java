package io.ringstore.core.storage.log;

import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.storage.TokenKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link StorageEngine#forEachVersion} for the log engine: reads each segment front to back in
 * large chunks and visits every record the index still points at, instead of one positioned read
 * per value as a {@link LogStorageEngine#scan} does (a million values of 100 bytes: about 3 s of
 * system calls for the scan). A record is live when the index entry of its key holds a version at
 * exactly its position; only then is it decoded and its checksum verified (garbage records, most of
 * a busy log, cost a key read and an index lookup). A record whose key bytes rotted is not found
 * live and so not visited: the tree differs from its peers', and the sync that follows reads it
 * through the index, fails its checksum and drops it.
 *
 * <p>The engine runs it while no compaction pass can start, so records do not move under it. It
 * gives up (returns false) rather than risk visiting a version twice or reading past what it can
 * trust: when the set of segments changed meanwhile all the same, when a segment vanished or failed
 * to read, or when a record does not decode (framing lost: a bit flip in a length). The caller then
 * uses the ordered scan, which drops corrupt records one by one.
 */
final class SegmentWalk {
  /** How much of a segment one read takes. */
  static final int CHUNK_BYTES = 1 << 20;

  private final SegmentDirectory directory;
  private final KeyIndex index;
  private final Partitioner partitioner;
  private final StorageLimits limits;

  SegmentWalk(
      SegmentDirectory directory, KeyIndex index, Partitioner partitioner, StorageLimits limits) {
    this.directory = directory;
    this.index = index;
    this.partitioner = partitioner;
    this.limits = limits;
  }

  boolean visit(TokenRange range, StorageEngine.VersionVisitor visitor) {
    List<Segment> segments = new ArrayList<>(directory.all());
    segments.sort(Comparator.comparingLong(Segment::id));
    Set<Long> before = idsOf(segments);
    try {
      for (Segment segment : segments) {
        if (!visitSegment(segment, segment.sizeBytes(), range, visitor)) {
          return false;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false; // closed by compaction, or unreadable: the ordered scan copes
    }
    return before.equals(idsOf(directory.all()));
  }

  private boolean visitSegment(
      Segment segment, long end, TokenRange range, StorageEngine.VersionVisitor visitor)
      throws IOException {
    long offset = 0;
    while (offset < end) {
      ByteBuffer chunk = segment.read(offset, (int) Math.min(CHUNK_BYTES, end - offset));
      int consumed = visitRecords(segment.id(), offset, chunk, range, visitor);
      if (consumed < 0) {
        return false;
      }
      if (consumed == 0) {
        // One record larger than a chunk: read it whole.
        int size = recordSize(segment, offset);
        if (size < 0) {
          return false;
        }
        chunk = segment.read(offset, size);
        consumed = visitRecords(segment.id(), offset, chunk, range, visitor);
        if (consumed <= 0) {
          return false;
        }
      }
      offset += consumed;
    }
    return true;
  }

  /**
   * Visits the whole records at the start of {@code chunk}; returns the bytes they took (0 if the
   * first is not whole), or -1 if a record does not decode.
   */
  private int visitRecords(
      long segmentId,
      long chunkOffset,
      ByteBuffer chunk,
      TokenRange range,
      StorageEngine.VersionVisitor visitor) {
    while (chunk.hasRemaining()) {
      int at = chunk.position();
      try {
        if (chunk.remaining() < RecordFormat.HEADER_BYTES) {
          break;
        }
        int size = RecordFormat.recordBytes(chunk, limits);
        if (chunk.remaining() < size) {
          break;
        }
        // The key alone first: most records of a busy log are garbage, and those need neither
        // their checksum nor their clock and value decoded. A live one is checked whole.
        byte[] key = RecordFormat.keyOf(chunk, size, limits);
        long token = partitioner.token(key);
        if (range.contains(token)
            && isLive(new TokenKey(token, key), segmentId, chunkOffset + at)) {
          RecordFormat.Decoded decoded = RecordFormat.decode(chunk, limits);
          if (!Arrays.equals(decoded.key(), key)) {
            return -1;
          }
          visitor.visit(decoded.key(), token, decoded.version());
        }
        chunk.position(at + size);
      } catch (CorruptRecordException e) {
        return -1;
      }
    }
    return chunk.position();
  }

  private int recordSize(Segment segment, long offset) throws IOException {
    try {
      return RecordFormat.recordBytes(segment.read(offset, RecordFormat.HEADER_BYTES), limits);
    } catch (CorruptRecordException e) {
      return -1;
    }
  }

  private boolean isLive(TokenKey key, long segmentId, long offset) {
    List<StoredVersion> versions = index.get(key);
    if (versions == null) {
      return false;
    }
    for (StoredVersion version : versions) {
      RecordPointer pointer = version.pointer();
      if (pointer.segmentId() == segmentId && pointer.offset() == offset) {
        return true;
      }
    }
    return false;
  }

  private static Set<Long> idsOf(Iterable<Segment> segments) {
    Set<Long> ids = new TreeSet<>();
    segments.forEach(segment -> ids.add(segment.id()));
    return ids;
  }
}
