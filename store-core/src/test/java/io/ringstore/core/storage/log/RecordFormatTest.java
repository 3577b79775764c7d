package io.ringstore.core.storage.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record layout's clocks: dotted clocks round-trip, records from before dots still read. */
class RecordFormatTest {
  private static final byte[] KEY = "key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = "value".getBytes(StandardCharsets.UTF_8);
  private static final List<VectorClock.Entry> ENTRIES =
      List.of(
          new VectorClock.Entry(NodeId.of("n1"), 3, 10),
          new VectorClock.Entry(NodeId.of("n2"), 90, 20));

  /** ENTRIES with n2's entry dotted: events 1..40 and 85..90. */
  private static final VectorClock DOTTED =
      VectorClock.of(
          List.of(
              ENTRIES.get(0),
              new VectorClock.Entry(NodeId.of("n2"), 90, 20, new long[] {1, 40, 85, 90})));

  @Test
  void aDottedClockRoundTrips() throws CorruptRecordException {
    RecordFormat.Decoded decoded =
        RecordFormat.decode(RecordFormat.encode(KEY, Versioned.of(DOTTED, 7, VALUE)), limits());

    VectorClock clock = decoded.version().clock();
    assertThat(clock).isEqualTo(DOTTED);
    assertThat(clock.isDotted(0)).isFalse();
    assertThat(clock.runs(1)).containsExactly(1, 40, 85, 90);
    assertThat(decoded.version().value()).isEqualTo(VALUE);
  }

  @Test
  void aRecordWrittenBeforeDotsReadsAsAPlainClock() throws CorruptRecordException {
    ByteBuffer record = preDotRecord();

    RecordFormat.Decoded decoded = RecordFormat.decode(record, limits());

    assertThat(decoded.key()).isEqualTo(KEY);
    assertThat(decoded.version().clock()).isEqualTo(VectorClock.of(ENTRIES));
    assertThat(decoded.version().clock().isDotted()).isFalse();
    assertThat(decoded.version().timestampMillis()).isEqualTo(7);
  }

  @Test
  void aPlainClockIsWrittenInThePreDotLayout() {
    ByteBuffer record = RecordFormat.encode(KEY, Versioned.of(VectorClock.of(ENTRIES), 7, VALUE));

    assertThat(record).isEqualTo(preDotRecord());
  }

  @Test
  void aDotIndexBeyondTheEntriesIsCorrupt() {
    ByteBuffer record = RecordFormat.encode(KEY, Versioned.of(DOTTED, 7, VALUE));
    int dotIndexAt = record.limit() - 4 - VALUE.length - 4 * 8 - 2 - 2;
    record.putShort(dotIndexAt, (short) 2);
    resealed(record);

    assertThatThrownBy(() -> RecordFormat.decode(record, limits()))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("dot index 2");
  }

  @Test
  void runsThatTouchAreCorrupt() {
    ByteBuffer record = RecordFormat.encode(KEY, Versioned.of(DOTTED, 7, VALUE));
    record.putLong(record.limit() - 4 - VALUE.length - 3 * 8, 84);
    resealed(record);

    assertThatThrownBy(() -> RecordFormat.decode(record, limits()))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining("[1, 84, 85, 90]")
        .hasMessageContaining("gap between runs");
  }

  /** The record of (KEY, VALUE at 7, ENTRIES) as the layout before dots wrote it, built by hand. */
  private static ByteBuffer preDotRecord() {
    ByteBuffer body = ByteBuffer.allocate(256);
    body.put(RecordFormat.KIND_PUT).putLong(7).putInt(KEY.length).put(KEY);
    body.putShort((short) ENTRIES.size());
    for (VectorClock.Entry entry : ENTRIES) {
      byte[] node = entry.node().value().getBytes(StandardCharsets.UTF_8);
      body.put((byte) node.length)
          .put(node)
          .putLong(entry.counter())
          .putLong(entry.lastUpdatedMillis());
    }
    body.putInt(VALUE.length).put(VALUE).flip();
    ByteBuffer record = ByteBuffer.allocate(RecordFormat.HEADER_BYTES + body.remaining());
    record.put(RecordFormat.MAGIC).putInt(body.remaining()).putInt(0).put(body);
    return resealed(record.flip());
  }

  private static ByteBuffer resealed(ByteBuffer record) {
    int bodyBytes = record.limit() - RecordFormat.HEADER_BYTES;
    record.putInt(1 + 4, RecordFormat.crc(record.array(), RecordFormat.HEADER_BYTES, bodyBytes));
    return record;
  }

  private static StorageLimits limits() {
    return StorageLimits.defaults();
  }
}
