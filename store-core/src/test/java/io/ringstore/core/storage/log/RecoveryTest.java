package io.ringstore.core.storage.log;

import static io.ringstore.core.storage.log.FullDiskTest.key;
import static io.ringstore.core.storage.log.FullDiskTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.version.Versioned;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recovery from crash images: copies of a running engine's segment files, cut or corrupted as a
 * crash or a bad disk would leave them.
 */
class RecoveryTest {
  @TempDir Path running;
  @TempDir Path image;

  private static final List<String> NAMES = List.of("first", "second", "third");

  /** Writes the three records and copies the active segment (no hint) to {@link #image}. */
  private Path crashImageOfThreeRecords() throws IOException {
    LogStorageEngine engine = LogEngines.open(LogEngines.options(running));
    for (String name : NAMES) {
      engine.put(key(name), value(1, "value of " + name));
    }
    long activeId = engine.segmentIds().get(engine.segmentIds().size() - 1);
    Path segment = segmentFile(running, activeId);
    Path copy = image.resolve(segment.getFileName());
    Files.copy(segment, copy);
    engine.close();
    return copy;
  }

  private static int recordBytes(String name) {
    return RecordFormat.encode(key(name), value(1, "value of " + name)).limit();
  }

  @Test
  void aTornTailIsTruncatedAtEveryCutPointAndEarlierRecordsSurvive() throws IOException {
    Path segment = crashImageOfThreeRecords();
    byte[] whole = Files.readAllBytes(segment);
    int lastStart = whole.length - recordBytes("third");
    for (int cut = 1; cut < recordBytes("third"); cut++) {
      Files.write(segment, java.util.Arrays.copyOf(whole, lastStart + cut));
      LogStorageEngine engine = LogEngines.open(LogEngines.options(image));

      assertThat(engine.stats().tornTailsTruncated()).as("cut at %d", cut).isEqualTo(1);
      assertThat(engine.stats().corruptRecordsSkipped()).isZero();
      assertThat(engine.get(key("first"))).containsExactly(value(1, "value of first"));
      assertThat(engine.get(key("second"))).containsExactly(value(1, "value of second"));
      assertThat(engine.get(key("third"))).isEmpty();
      engine.close();
      deleteAllBut(segment);
    }
  }

  /** Offsets in the middle record: length field, CRC, key, value. */
  @ParameterizedTest
  @ValueSource(ints = {2, 6, 23, -2})
  void aCorruptMiddleRecordIsSkippedCountedAndTheRestIsRead(int offsetInRecord) throws IOException {
    Path segment = crashImageOfThreeRecords();
    int start = recordBytes("first");
    int at =
        offsetInRecord >= 0
            ? start + offsetInRecord
            : start + recordBytes("second") + offsetInRecord;
    flipByte(segment, at);

    LogStorageEngine engine = LogEngines.open(LogEngines.options(image));

    assertThat(engine.stats().corruptRecordsSkipped()).isEqualTo(1);
    assertThat(engine.stats().tornTailsTruncated()).isZero();
    assertThat(engine.recoveryReport().messages()).anyMatch(m -> m.contains("corrupt record"));
    assertThat(engine.get(key("first"))).containsExactly(value(1, "value of first"));
    assertThat(engine.get(key("second"))).isEmpty();
    assertThat(engine.get(key("third"))).containsExactly(value(1, "value of third"));
    engine.close();
  }

  @Test
  void aCorruptHintFileFallsBackToScanning() throws IOException {
    LogStorageEngine engine = LogEngines.open(LogEngines.options(running));
    NAMES.forEach(name -> engine.put(key(name), value(1, "value of " + name)));
    engine.close();
    try (Stream<Path> hints = Files.list(running)) {
      hints.filter(p -> p.toString().endsWith(".hint")).forEach(p -> flipByte(p, 20));
    }

    LogStorageEngine reopened = LogEngines.open(LogEngines.options(running));

    assertThat(reopened.stats().segmentsScanned()).isEqualTo(1);
    assertThat(reopened.stats().hintFilesLoaded()).isZero();
    assertThat(reopened.recoveryReport().messages()).anyMatch(m -> m.contains("hint file ignored"));
    NAMES.forEach(
        name -> assertThat(reopened.get(key(name))).containsExactly(value(1, "value of " + name)));
    reopened.close();
  }

  @Test
  void aRestartWithHintsReadsNoValueAndReopeningIsIdempotent() {
    LogStorageEngine engine =
        LogEngines.open(LogEngines.options(running).withSegmentBytesMax(2048));
    for (int i = 0; i < 100; i++) {
      engine.put(key("k" + i % 30), value(1 + i / 30, "value " + i));
    }
    engine.close();
    int segments = -1;
    for (int round = 0; round < 10; round++) {
      LogStorageEngine reopened =
          LogEngines.open(LogEngines.options(running).withSegmentBytesMax(2048));
      assertThat(reopened.stats().valueBytesReadDuringRecovery()).isZero();
      assertThat(reopened.stats().hintFilesLoaded()).isPositive();
      assertThat(reopened.recoveryReport().messages()).isEmpty();
      for (int i = 70; i < 100; i++) {
        assertThat(reopened.get(key("k" + i % 30)))
            .containsExactly(value(1 + i / 30, "value " + i));
      }
      segments = round == 0 ? reopened.stats().segmentCount() : segments;
      assertThat(reopened.stats().segmentCount()).isEqualTo(segments);
      reopened.close();
    }
  }

  @Test
  void aBitFlipUnderARunningEngineIsSkippedAndCountedNeverReturned() throws IOException {
    LogStorageEngine engine = LogEngines.open(LogEngines.options(running).withCacheBytesMax(0));
    engine.put(key("victim"), value(1, "precious"));
    engine.put(key("bystander"), value(1, "fine"));
    engine.sync();
    long activeId = engine.segmentIds().get(engine.segmentIds().size() - 1);
    int victimBytes = RecordFormat.encode(key("victim"), value(1, "precious")).limit();
    flipByte(segmentFile(running, activeId), victimBytes - 3);

    List<Versioned> read = engine.get(key("victim"));

    assertThat(read).isEmpty();
    assertThat(engine.stats().corruptRecordsSkipped()).isEqualTo(1);
    assertThat(engine.get(key("bystander"))).containsExactly(value(1, "fine"));
    assertThat(engine.put(key("victim"), value(1, "precious"))).isEqualTo(PutOutcome.STORED);
    assertThat(engine.get(key("victim"))).containsExactly(value(1, "precious"));
    engine.close();
  }

  @Test
  void anOversizedSegmentFileIsSetAsideAndReportedNotRead() throws IOException {
    LogStorageEngine engine = LogEngines.open(LogEngines.options(running));
    NAMES.forEach(name -> engine.put(key(name), value(1, "value of " + name)));
    engine.close();
    Path huge = segmentFile(running, 1_000);
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(3L << 30);
    }

    LogStorageEngine reopened = LogEngines.open(LogEngines.options(running));

    assertThat(reopened.recoveryReport().messages())
        .anyMatch(m -> m.contains("segment 1000") && m.contains("corrupt"));
    assertThat(huge).doesNotExist();
    assertThat(running.resolve(huge.getFileName() + ".corrupt")).exists();
    NAMES.forEach(
        name -> assertThat(reopened.get(key(name))).containsExactly(value(1, "value of " + name)));
    reopened.close();
  }

  @Test
  void anOpenThatFailsWithARuntimeExceptionReleasesTheDirectory() {
    LogStorageEngine engine = LogEngines.open(LogEngines.options(running));
    engine.put(key("kept"), value(1, "still here"));
    engine.close();
    ChannelOpener failing =
        (path, options) -> {
          throw new IllegalStateException("injected failure opening " + path);
        };

    assertThatThrownBy(
            () ->
                LogStorageEngine.open(
                    LogEngines.options(running),
                    LogEngines.environment(new ManualClock(LogEngines.START_MILLIS)),
                    failing))
        .isInstanceOf(RuntimeException.class);

    LogStorageEngine reopened = LogEngines.open(LogEngines.options(running));
    assertThat(reopened.get(key("kept"))).containsExactly(value(1, "still here"));
    reopened.close();
  }

  static Path segmentFile(Path directory, long id) {
    return directory.resolve(String.format(java.util.Locale.ROOT, "segment-%020d.log", id));
  }

  static void flipByte(Path file, long offset) {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
      channel.write(one, offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteAllBut(Path keep) throws IOException {
    try (Stream<Path> files = Files.list(image)) {
      for (Path file : files.toList()) {
        if (!file.equals(keep)) {
          Files.delete(file);
        }
      }
    }
  }
}
