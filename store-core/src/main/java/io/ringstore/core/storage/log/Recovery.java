package io.ringstore.core.storage.log;

import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.storage.TokenKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds the index from the segment files when the engine opens.
 *
 * <p>Algorithm. (1) Read every hint file and keep those that pass their checks. (2) Finish any
 * interrupted compaction: delete the segments a valid hint names as replaced. (3) For each segment,
 * in id order: load its valid hint without reading a value; otherwise read it whole and decode
 * record by record, verifying each CRC. A record that fails its checks is followed by a search for
 * the next valid record (the magic byte, a plausible length and a matching CRC): if one is found,
 * the bytes between are mid-segment corruption, reported, counted and skipped; if none is, they are
 * a torn tail, and the file is cut there. A scanned segment gets a hint written from the records it
 * kept, so the next open neither reads it again nor reports the same corruption. Empty segments are
 * deleted. (4) Every record found is added to the index with the shared antichain rule, which gives
 * the same versions whatever the order, so segments may be read in any order and duplicates left by
 * an interrupted compaction are harmless.
 *
 * <p>Bounds: an unhinted segment is read whole, so its size is bounded by the segment size ceiling
 * plus one record. A file above that bound was not written by this engine's options: it is reported
 * as corrupt and set aside (renamed to {@code *.corrupt}, never deleted, for the operator to
 * inspect) before anything reads it, so a stray or damaged file costs neither a heap the size of
 * the file nor a failed open. The resync search tests a CRC only where a magic byte and a
 * plausible, in-file length meet, so random data costs about one comparison per byte.
 */
final class Recovery {
  private final SegmentDirectory directory;
  private final KeyIndex index;
  private final StorageLimits limits;
  private final Partitioner partitioner;
  private final StorageStats stats;
  private final long segmentFileBytesMax;
  private final List<String> messages = new ArrayList<>();

  Recovery(
      SegmentDirectory directory,
      KeyIndex index,
      StorageLimits limits,
      Partitioner partitioner,
      StorageStats stats,
      long segmentBytesMax) {
    this.directory = directory;
    this.segmentFileBytesMax =
        segmentBytesMax + RecordFormat.HEADER_BYTES + RecordFormat.bodyBytesMax(limits);
    this.index = index;
    this.limits = limits;
    this.partitioner = partitioner;
    this.stats = stats;
  }

  /** Runs recovery; returns what it found, one message per event. */
  List<String> run() throws IOException {
    List<Long> ids = new ArrayList<>(directory.listLogIds());
    setAsideOversized(ids);
    deleteOrphanHints(ids);
    Map<Long, HintFile.Contents> hints = readHints(ids);
    finishCompactions(ids, hints);
    for (long id : ids) {
      recoverSegment(id, hints.get(id));
    }
    return messages;
  }

  /** Renames every segment file above {@link #segmentFileBytesMax} to {@code *.corrupt}. */
  private void setAsideOversized(List<Long> ids) throws IOException {
    for (long id : List.copyOf(ids)) {
      Path path = directory.logPath(id);
      long sizeBytes = Files.size(path);
      if (sizeBytes > segmentFileBytesMax) {
        Path aside = path.resolveSibling(path.getFileName() + ".corrupt");
        Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
        ids.remove(id);
        messages.add(
            String.format(
                java.util.Locale.ROOT,
                "segment %d: corrupt, %d bytes is over the %d a segment can hold; set aside as %s"
                    + " and not read",
                id,
                sizeBytes,
                segmentFileBytesMax,
                aside.getFileName()));
      }
    }
  }

  private void deleteOrphanHints(List<Long> logIds) throws IOException {
    for (long id : directory.listHintIds()) {
      if (!logIds.contains(id)) {
        Files.deleteIfExists(directory.hintPath(id));
      }
    }
  }

  private Map<Long, HintFile.Contents> readHints(List<Long> ids) throws IOException {
    Map<Long, HintFile.Contents> hints = new LinkedHashMap<>();
    for (long id : ids) {
      if (Files.exists(directory.hintPath(id))) {
        readHint(id, hints);
      }
    }
    return hints;
  }

  private void readHint(long id, Map<Long, HintFile.Contents> hints) throws IOException {
    long segmentBytes = Files.size(directory.logPath(id));
    try {
      hints.put(id, HintFile.read(directory.hintPath(id), id, segmentBytes, limits));
    } catch (CorruptRecordException e) {
      messages.add("segment " + id + ": hint file ignored (" + e.getMessage() + "); scanning");
    }
  }

  private void finishCompactions(List<Long> ids, Map<Long, HintFile.Contents> hints)
      throws IOException {
    Set<Long> replaced = new HashSet<>();
    hints.values().forEach(hint -> replaced.addAll(hint.replacedIds()));
    for (long id : replaced) {
      if (ids.remove(id)) {
        hints.remove(id);
        Files.deleteIfExists(directory.hintPath(id));
        Files.deleteIfExists(directory.logPath(id));
        messages.add("segment " + id + ": deleted, an interrupted compaction had replaced it");
      }
    }
  }

  private void recoverSegment(long id, HintFile.Contents hint) throws IOException {
    Segment segment = directory.openExisting(id, Segment.State.SEALED);
    try {
      load(segment, hint);
    } catch (IOException | RuntimeException e) {
      closeAfterFailure(segment, e);
      throw e;
    }
    if (segment.sizeBytes() == 0) {
      directory.delete(segment);
    } else {
      directory.register(segment);
    }
  }

  private void load(Segment segment, HintFile.Contents hint) throws IOException {
    if (hint != null) {
      hint.entries().forEach(entry -> index.apply(entry.key(), entry.version()));
      stats.hintFilesLoaded.increment();
    } else {
      scan(segment);
    }
  }

  private static void closeAfterFailure(Segment segment, Exception failure) {
    try {
      segment.close(true);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private void scan(Segment segment) throws IOException {
    stats.segmentsScanned.increment();
    ByteBuffer all = segment.read(0, Math.toIntExact(segment.sizeBytes()));
    stats.valueBytesReadDuringRecovery.add(all.limit());
    HintFile.Builder hint = new HintFile.Builder();
    int position = 0;
    while (position < all.limit()) {
      position = step(segment, all, position, hint);
    }
    if (hint.entryCount() > 0) {
      hint.write(directory.hintPath(segment.id()), segment.id(), List.of(), directory.opener());
    }
  }

  /** Applies the record at {@code position} or skips bad bytes; returns where to go on. */
  private int step(Segment segment, ByteBuffer all, int position, HintFile.Builder hint)
      throws IOException {
    try {
      RecordFormat.Decoded decoded = RecordFormat.decode(all.position(position), limits);
      int size = all.position() - position;
      apply(decoded, new RecordPointer(segment.id(), position, size), hint);
      return position + size;
    } catch (CorruptRecordException e) {
      int next = nextValidRecord(all, position + 1);
      if (next < 0) {
        truncateTornTail(segment, position, e);
        return all.limit();
      }
      stats.corruptRecordsSkipped.increment();
      messages.add(
          String.format(
              java.util.Locale.ROOT,
              "segment %d: corrupt record (%s), bytes %d to %d skipped",
              segment.id(),
              e.getMessage(),
              position,
              next));
      return next;
    }
  }

  private void apply(RecordFormat.Decoded decoded, RecordPointer pointer, HintFile.Builder hint) {
    TokenKey key = new TokenKey(partitioner.token(decoded.key()), decoded.key());
    StoredVersion version =
        new StoredVersion(
            decoded.version().clock(),
            decoded.version().timestampMillis(),
            decoded.version().isTombstone(),
            pointer);
    index.apply(key, version);
    hint.add(key, version);
  }

  private void truncateTornTail(Segment segment, int position, CorruptRecordException cause)
      throws IOException {
    stats.tornTailsTruncated.increment();
    messages.add(
        String.format(
            java.util.Locale.ROOT,
            "segment %d: torn tail (%s) truncated from %d bytes to %d",
            segment.id(),
            cause.getMessage(),
            segment.sizeBytes(),
            position));
    segment.truncate(position);
  }

  /** The offset of the first valid record at or after {@code from}, or -1. */
  private int nextValidRecord(ByteBuffer all, int from) {
    for (int candidate = from; candidate < all.limit(); candidate++) {
      if (all.get(candidate) == RecordFormat.MAGIC && isValidRecordAt(all, candidate)) {
        return candidate;
      }
    }
    return -1;
  }

  private boolean isValidRecordAt(ByteBuffer all, int candidate) {
    try {
      ByteBuffer view = all.duplicate().position(candidate);
      if (RecordFormat.recordBytes(view, limits) > view.remaining()) {
        return false;
      }
      RecordFormat.decode(view, limits);
      return true;
    } catch (CorruptRecordException e) {
      return false;
    }
  }
}
