package io.ringstore.core.storage.log;

import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.storage.TokenKey;
import io.ringstore.core.version.VectorClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * A hint file: the index entries of one sealed segment, so that a restart rebuilds the index
 * without reading any value (the hint files of Bitcask: Sheehy and Smith, "Bitcask: A
 * Log-Structured Hash Table for Fast Key/Value Data", Basho 2010).
 *
 * <pre>
 * hint    = [u32 magic "RSH1"][i64 segmentId][u32 replacedCount][i64 replacedId]...
 *           entry... [u32 entryCount][u32 crc32c(every byte before it)]
 * entry   = [u8 kind][i64 token][i64 timestampMillis][i64 offset][u32 recordBytes]
 *           [u32 keyLength][key][clock as in RecordFormat]
 * </pre>
 *
 * The hint of a segment the engine appended to lists every record, live or not, so it is correct
 * whenever it is written. A compaction output's hint lists the copies the index adopted; a copy it
 * did not adopt was superseded by a version forced before the hint was written. Its hint also names
 * the segments it replaces: recovery finishes an interrupted compaction by deleting them. The
 * trailing CRC covers the whole file; a hint that fails it, or names a record past its segment's
 * end, is ignored and the segment scanned instead.
 *
 * <p>Bounds: the builder holds the active segment's entries in memory, about the size of the
 * records less their values; a hint file is read whole, and one larger than {@link #HINT_BYTES_MAX}
 * is ignored.
 */
final class HintFile {
  static final int MAGIC = 0x52534831;

  /** Largest hint file read: 1 GiB, above any hint of a segment within the size ceiling. */
  static final long HINT_BYTES_MAX = 1024L * 1024 * 1024;

  private static final int TRAILER_BYTES = 8;

  private HintFile() {}

  /** One index entry of a hint. */
  record Entry(TokenKey key, StoredVersion version) {}

  /** A hint file's contents. */
  record Contents(List<Entry> entries, List<Long> replacedIds) {}

  /**
   * Collects the entries of one segment, in append order. Not thread-safe. The bytes go into
   * fixed-size chunks: one growing array (as {@code ByteArrayOutputStream} keeps) copied itself
   * whole at every doubling, tens of megabytes for a full segment, under the engine's append lock,
   * and as humongous G1 allocations.
   */
  static final class Builder {
    /** Size of one chunk of entry bytes: 64 KiB, far below a G1 humongous object. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private int lastChunkBytes = CHUNK_BYTES;
    private int entryCount;

    void add(TokenKey key, StoredVersion version) {
      int size = 1 + 8 + 8 + 8 + 4 + 4 + key.key().length + 2;
      ByteBuffer entry = ByteBuffer.allocate(size + RecordFormat.clockBytes(version.clock()));
      entry.put(version.tombstone() ? RecordFormat.KIND_TOMBSTONE : RecordFormat.KIND_PUT);
      entry.putLong(key.token()).putLong(version.timestampMillis());
      entry.putLong(version.pointer().offset()).putInt(version.pointer().sizeBytes());
      entry.putInt(key.key().length).put(key.key());
      RecordFormat.putClock(entry, version.clock());
      append(entry.array(), entry.position());
      entryCount++;
    }

    private void append(byte[] bytes, int length) {
      int copied = 0;
      while (copied < length) {
        if (lastChunkBytes == CHUNK_BYTES) {
          chunks.add(new byte[CHUNK_BYTES]);
          lastChunkBytes = 0;
        }
        int n = Math.min(length - copied, CHUNK_BYTES - lastChunkBytes);
        System.arraycopy(bytes, copied, chunks.get(chunks.size() - 1), lastChunkBytes, n);
        copied += n;
        lastChunkBytes += n;
      }
    }

    private int chunkBytes(int i) {
      return i == chunks.size() - 1 ? lastChunkBytes : CHUNK_BYTES;
    }

    int entryCount() {
      return entryCount;
    }

    /** Writes and forces the hint of segment {@code segmentId} at {@code path}. */
    void write(Path path, long segmentId, List<Long> replacedIds, ChannelOpener opener)
        throws IOException {
      ByteBuffer header = ByteBuffer.allocate(16 + 8 * replacedIds.size());
      header.putInt(MAGIC).putLong(segmentId).putInt(replacedIds.size());
      replacedIds.forEach(header::putLong);
      header.flip();
      CRC32C crc = new CRC32C();
      crc.update(header.duplicate());
      List<ByteBuffer> body = new ArrayList<>(chunks.size());
      for (int i = 0; i < chunks.size(); i++) {
        body.add(ByteBuffer.wrap(chunks.get(i), 0, chunkBytes(i)));
        crc.update(body.get(i).duplicate());
      }
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).putInt(entryCount);
      crc.update(trailer.array(), 0, 4);
      trailer.putInt((int) crc.getValue()).flip();
      try (FileChannel channel = opener.open(path, writeOptions())) {
        writeFully(channel, header);
        for (ByteBuffer chunk : body) {
          writeFully(channel, chunk);
        }
        writeFully(channel, trailer);
        channel.force(false);
      }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }

    private static Set<StandardOpenOption> writeOptions() {
      return Set.of(
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    }
  }

  /**
   * Reads and checks the hint of segment {@code segmentId}, whose file holds {@code segmentBytes}.
   */
  static Contents read(Path path, long segmentId, long segmentBytes, StorageLimits limits)
      throws IOException, CorruptRecordException {
    long fileBytes = Files.size(path);
    if (fileBytes < 16 + TRAILER_BYTES || fileBytes > HINT_BYTES_MAX) {
      throw new CorruptRecordException("hint file of " + fileBytes + " bytes is out of bounds");
    }
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path));
    int crcAt = file.limit() - 4;
    if (RecordFormat.crc(file.array(), 0, crcAt) != file.getInt(crcAt)) {
      throw new CorruptRecordException("hint file checksum mismatch");
    }
    int entryCount = file.getInt(crcAt - 4);
    file.limit(file.limit() - TRAILER_BYTES);
    if (file.getInt() != MAGIC || file.getLong() != segmentId) {
      throw new CorruptRecordException("hint file names another segment or format");
    }
    List<Long> replaced = readReplaced(file);
    List<Entry> entries = new ArrayList<>();
    while (file.hasRemaining()) {
      entries.add(readEntry(file, segmentId, segmentBytes, limits));
    }
    if (entries.size() != entryCount) {
      throw new CorruptRecordException("hint file entry count mismatch");
    }
    return new Contents(entries, replaced);
  }

  private static List<Long> readReplaced(ByteBuffer file) throws CorruptRecordException {
    int count = RecordFormat.requireBytes(file, 4).getInt();
    if (count < 0 || count > file.remaining() / 8) {
      throw new CorruptRecordException("hint replaced-segment count " + count + " out of bounds");
    }
    List<Long> replaced = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      replaced.add(file.getLong());
    }
    return replaced;
  }

  private static Entry readEntry(
      ByteBuffer in, long segmentId, long segmentBytes, StorageLimits limits)
      throws CorruptRecordException {
    RecordFormat.requireBytes(in, 1 + 8 + 8 + 8 + 4 + 4);
    byte kind = in.get();
    long token = in.getLong();
    long timestampMillis = in.getLong();
    RecordPointer pointer = new RecordPointer(segmentId, in.getLong(), in.getInt());
    if (pointer.offset() < 0
        || pointer.sizeBytes() < RecordFormat.HEADER_BYTES
        || pointer.offset() + pointer.sizeBytes() > segmentBytes) {
      throw new CorruptRecordException("hint entry points outside its segment: " + pointer);
    }
    byte[] key = RecordFormat.bytes(in, in.getInt(), limits.keyBytesMax(), "hint key");
    VectorClock clock = RecordFormat.getClock(in);
    boolean tombstone = kind == RecordFormat.KIND_TOMBSTONE;
    return new Entry(
        new TokenKey(token, key), new StoredVersion(clock, timestampMillis, tombstone, pointer));
  }
}
