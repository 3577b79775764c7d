package io.ringstore.core.storage.log;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.storage.LimitExceededException;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The byte layout of one log record, and its encoder and checked decoder.
 *
 * <pre>
 * record  = [u8 magic 0xA7][u32 bodyLength][u32 crc32c(body)][body]
 * body    = [u8 kind 1=PUT 2=TOMBSTONE][i64 timestampMillis][u32 keyLength][key]
 *           [clock][u32 valueLength][value]          (a tombstone has valueLength 0)
 * clock   = [u16 entries | 0x8000 if dotted] entries x [u8 nodeIdLength][nodeId UTF-8][i64 counter][i64 lastUpdatedMillis]
 *           [u16 dotted] dotted x [u16 index][u16 runs] runs x [i64 start][i64 end]   (if flagged)
 * </pre>
 *
 * All integers are big-endian. The decoder trusts nothing: it checks the magic, that the body
 * length is within what the limits allow and within the bytes at hand, the CRC, and every inner
 * length against the bytes left, before it allocates anything; a violation is a {@link
 * CorruptRecordException}, never a huge allocation or an unchecked exception.
 */
final class RecordFormat {
  static final byte MAGIC = (byte) 0xA7;
  static final int HEADER_BYTES = 1 + 4 + 4;
  static final byte KIND_PUT = 1;
  static final byte KIND_TOMBSTONE = 2;

  /**
   * Most clock entries a record may carry. Clocks are pruned to {@link
   * VectorClock#ENTRIES_MAX_DEFAULT} on increment but may grow by merging; 1,024 is far above any
   * real clock and keeps a record's clock under 84 KiB.
   */
  static final int CLOCK_ENTRIES_MAX = 1024;

  /** Bytes of one clock entry at most: length byte, longest node id, counter, timestamp. */
  static final int CLOCK_ENTRY_BYTES_MAX = 1 + NodeId.LENGTH_MAX + 8 + 8;

  /** The flag in a clock's entry count that says a dot follows the entries. */
  private static final int DOTTED_FLAG = 0x8000;

  /** Bytes of one dotted entry's extra fields at most: index, run count, the runs. */
  private static final int DOTTED_ENTRY_BYTES_MAX = 2 + 2 + VectorClock.RUNS_MAX * 16;

  /** Body bytes besides key, clock entries and value: kind, timestamp, 3 lengths. */
  private static final int BODY_FIXED_BYTES = 1 + 8 + 4 + 2 + 4;

  private RecordFormat() {}

  /** One decoded record. */
  record Decoded(byte[] key, Versioned version) {}

  /** The largest body a record may have under {@code limits}. */
  static long bodyBytesMax(StorageLimits limits) {
    return BODY_FIXED_BYTES
        + 2
        + (long) CLOCK_ENTRIES_MAX * DOTTED_ENTRY_BYTES_MAX
        + (long) limits.keyBytesMax()
        + (long) CLOCK_ENTRIES_MAX * CLOCK_ENTRY_BYTES_MAX
        + limits.valueBytesMax();
  }

  /**
   * The record for {@code version} of {@code key}, ready to append.
   *
   * @throws LimitExceededException if the clock has more than {@link #CLOCK_ENTRIES_MAX} entries
   */
  static ByteBuffer encode(byte[] key, Versioned version) {
    byte[] value = version.isTombstone() ? new byte[0] : version.value();
    int bodyBytes = BODY_FIXED_BYTES + key.length + clockBytes(version.clock()) + value.length;
    ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + bodyBytes);
    record.put(MAGIC).putInt(bodyBytes).putInt(0);
    record.put(version.isTombstone() ? KIND_TOMBSTONE : KIND_PUT);
    record.putLong(version.timestampMillis()).putInt(key.length).put(key);
    putClock(record, version.clock());
    record.putInt(value.length).put(value);
    record.putInt(1 + 4, crc(record.array(), HEADER_BYTES, bodyBytes));
    return record.flip();
  }

  static int clockBytes(VectorClock clock) {
    if (clock.size() > CLOCK_ENTRIES_MAX) {
      throw new LimitExceededException(
          "vector clock of "
              + clock.size()
              + " entries is larger than the limit of "
              + CLOCK_ENTRIES_MAX
              + " entries (log record CLOCK_ENTRIES_MAX): reconcile the siblings");
    }
    int bytes = 0;
    for (int i = 0; i < clock.size(); i++) {
      bytes += 1 + clock.node(i).value().getBytes(StandardCharsets.UTF_8).length + 8 + 8;
    }
    if (!clock.isDotted()) {
      return bytes;
    }
    bytes += 2;
    for (int i = 0; i < clock.size(); i++) {
      long[] runs = clock.runs(i);
      bytes += runs == null ? 0 : 2 + 2 + runs.length * 8;
    }
    return bytes;
  }

  private static int dottedEntries(VectorClock clock) {
    int dotted = 0;
    for (int i = 0; i < clock.size(); i++) {
      dotted += clock.isDotted(i) ? 1 : 0;
    }
    return dotted;
  }

  static void putClock(ByteBuffer out, VectorClock clock) {
    out.putShort((short) (clock.size() | (clock.isDotted() ? DOTTED_FLAG : 0)));
    for (int i = 0; i < clock.size(); i++) {
      byte[] node = clock.node(i).value().getBytes(StandardCharsets.UTF_8);
      out.put((byte) node.length).put(node);
      out.putLong(clock.counter(i)).putLong(clock.lastUpdatedMillis(i));
    }
    if (clock.isDotted()) {
      out.putShort((short) dottedEntries(clock));
      for (int i = 0; i < clock.size(); i++) {
        long[] runs = clock.runs(i);
        if (runs != null) {
          out.putShort((short) i).putShort((short) (runs.length / 2));
          for (long bound : runs) {
            out.putLong(bound);
          }
        }
      }
    }
  }

  static int crc(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /**
   * The total size of the record whose header starts at {@code record}'s position, after checking
   * the magic and that the body length is plausible under {@code limits}; does not move the buffer.
   */
  static int recordBytes(ByteBuffer record, StorageLimits limits) throws CorruptRecordException {
    int at = record.position();
    if (record.remaining() < HEADER_BYTES) {
      throw new CorruptRecordException("incomplete header: " + record.remaining() + " bytes");
    }
    if (record.get(at) != MAGIC) {
      throw new CorruptRecordException("bad magic byte " + record.get(at));
    }
    long bodyBytes = Integer.toUnsignedLong(record.getInt(at + 1));
    if (bodyBytes < BODY_FIXED_BYTES || bodyBytes > bodyBytesMax(limits)) {
      throw new CorruptRecordException("implausible body length " + bodyBytes);
    }
    return HEADER_BYTES + (int) bodyBytes;
  }

  /**
   * Decodes the record at {@code record}'s position, which must hold it whole; advances past it.
   */
  static Decoded decode(ByteBuffer record, StorageLimits limits) throws CorruptRecordException {
    int size = recordBytes(record, limits);
    if (record.remaining() < size) {
      throw new CorruptRecordException("incomplete record: " + record.remaining() + " of " + size);
    }
    int at = record.position();
    ByteBuffer body = record.slice(at + HEADER_BYTES, size - HEADER_BYTES);
    if (crcOf(body) != record.getInt(at + 1 + 4)) {
      throw new CorruptRecordException("checksum mismatch");
    }
    Decoded decoded = decodeBody(body, limits);
    record.position(at + size);
    return decoded;
  }

  /**
   * The key of the record of {@code size} bytes at {@code record}'s position, read without checking
   * the record's checksum or decoding the rest (the key may be corrupt: check the whole record with
   * {@link #decode} before trusting anything else of it); does not move the buffer.
   */
  static byte[] keyOf(ByteBuffer record, int size, StorageLimits limits)
      throws CorruptRecordException {
    ByteBuffer body = record.slice(record.position() + HEADER_BYTES, size - HEADER_BYTES);
    requireBytes(body, 1 + 8 + 4);
    body.position(1 + 8);
    return bytes(body, body.getInt(), limits.keyBytesMax(), "key");
  }

  private static int crcOf(ByteBuffer body) {
    CRC32C crc = new CRC32C();
    crc.update(body.duplicate());
    return (int) crc.getValue();
  }

  private static Decoded decodeBody(ByteBuffer body, StorageLimits limits)
      throws CorruptRecordException {
    byte kind = body.get();
    if (kind != KIND_PUT && kind != KIND_TOMBSTONE) {
      throw new CorruptRecordException("unknown record kind " + kind);
    }
    long timestampMillis = body.getLong();
    byte[] key = bytes(body, body.getInt(), limits.keyBytesMax(), "key");
    VectorClock clock = getClock(body);
    byte[] value = bytes(body, requireBytes(body, 4).getInt(), limits.valueBytesMax(), "value");
    if (body.hasRemaining() || (kind == KIND_TOMBSTONE && value.length > 0)) {
      throw new CorruptRecordException("record body has inconsistent lengths");
    }
    Versioned version =
        kind == KIND_TOMBSTONE
            ? Versioned.tombstone(clock, timestampMillis)
            : Versioned.of(clock, timestampMillis, value);
    return new Decoded(key, version);
  }

  /** {@code length} bytes from {@code in}, after checking the length against bound and input. */
  static byte[] bytes(ByteBuffer in, int length, int lengthMax, String what)
      throws CorruptRecordException {
    if (length < 0 || length > lengthMax || length > in.remaining()) {
      throw new CorruptRecordException(what + " length " + length + " is out of bounds");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  /** Reads a clock written by {@link #putClock}, checking every length first. */
  static VectorClock getClock(ByteBuffer in) throws CorruptRecordException {
    int header = Short.toUnsignedInt(requireBytes(in, 2).getShort());
    int entries = header & ~DOTTED_FLAG;
    if (entries > CLOCK_ENTRIES_MAX) {
      throw new CorruptRecordException("clock of " + entries + " entries is out of bounds");
    }
    List<VectorClock.Entry> list = new ArrayList<>(entries);
    for (int i = 0; i < entries; i++) {
      list.add(getClockEntry(in));
    }
    try {
      if ((header & DOTTED_FLAG) != 0) {
        readDottedEntries(in, list);
      }
      return VectorClock.of(list);
    } catch (IllegalArgumentException e) {
      throw new CorruptRecordException("invalid clock: " + e.getMessage());
    }
  }

  /** Reads the runs of each dotted entry into {@code entries}, read plain before. */
  private static void readDottedEntries(ByteBuffer in, List<VectorClock.Entry> entries)
      throws CorruptRecordException {
    int dotted = Short.toUnsignedInt(requireBytes(in, 2).getShort());
    if (dotted > entries.size()) {
      throw new CorruptRecordException("clock of " + dotted + " dotted entries is out of bounds");
    }
    for (int k = 0; k < dotted; k++) {
      int index = Short.toUnsignedInt(requireBytes(in, 4).getShort());
      int runCount = Short.toUnsignedInt(in.getShort());
      if (index >= entries.size() || runCount > VectorClock.RUNS_MAX) {
        throw new CorruptRecordException(
            "clock dot index " + index + " or run count " + runCount + " is out of bounds");
      }
      long[] runs = new long[2 * runCount];
      requireBytes(in, runs.length * 8);
      for (int r = 0; r < runs.length; r++) {
        runs[r] = in.getLong();
      }
      VectorClock.Entry plain = entries.get(index);
      entries.set(
          index,
          new VectorClock.Entry(plain.node(), plain.counter(), plain.lastUpdatedMillis(), runs));
    }
  }

  private static VectorClock.Entry getClockEntry(ByteBuffer in) throws CorruptRecordException {
    int nodeBytes = Byte.toUnsignedInt(requireBytes(in, 1).get());
    byte[] node = bytes(in, nodeBytes, NodeId.LENGTH_MAX, "node id");
    requireBytes(in, 16);
    try {
      return new VectorClock.Entry(
          NodeId.of(new String(node, StandardCharsets.UTF_8)), in.getLong(), in.getLong());
    } catch (IllegalArgumentException e) {
      throw new CorruptRecordException("invalid clock entry: " + e.getMessage());
    }
  }

  static ByteBuffer requireBytes(ByteBuffer in, int count) throws CorruptRecordException {
    if (in.remaining() < count) {
      throw new CorruptRecordException("truncated: " + count + " bytes expected");
    }
    return in;
  }
}
