package io.ringstore.core.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.repair.MerkleTree;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The log engine's front-to-back walk ({@link SegmentWalk}) against its ordered scan: the same
 * versions over rolled-over segments and garbage, and a corrupt record is never summed (the walk
 * gives up and the tree falls back to the scan, which drops the record).
 */
class SegmentWalkTest {
  @TempDir Path directory;

  private final ManualClock clock = new ManualClock(LogEngines.START_MILLIS);

  private LogStorageEngine open() {
    return LogStorageEngine.open(
        LogEngines.options(directory).withSegmentBytesMax(4096).withFsyncPolicy(FsyncPolicy.NEVER),
        LogEngines.environment(clock));
  }

  @Test
  void aTreeFromTheWalkEqualsOneFromTheScanAcrossSegmentsAndGarbage() {
    try (LogStorageEngine engine = open()) {
      write(engine, 2_000);
      assertThat(engine.stats().segmentCount()).isGreaterThan(3);

      assertThat(walkedLeaves(engine)).containsExactly(scannedLeaves(engine));
    }
  }

  /**
   * A corrupt record is never summed, whether the flipped byte sits in its key's length (the walk
   * loses the framing and gives up), in its key (the walk does not find it live), or in its value
   * (the walk finds it live and its checksum fails): the walked tree equals the scanned one, and
   * the scan drops the record.
   */
  @ParameterizedTest
  @ValueSource(ints = {20, 22, 40})
  void aCorruptRecordIsNeverSummed(int offset) throws IOException {
    try (LogStorageEngine engine = open()) {
      write(engine, 500);
      engine.sync();
      int before = versionsOf(engine);
      Path segment = firstSegment();
      flipByteAt(segment, offset); // inside the first record

      long[] walked = walkedLeaves(engine);
      long[] scanned = scannedLeaves(engine);

      assertThat(walked).containsExactly(scanned);
      assertThat(versionsOf(engine))
          .as("the scan dropped the corrupt version")
          .isEqualTo(before - 1);
    }
  }

  private static void write(LogStorageEngine engine, int count) {
    for (int i = 0; i < count; i++) {
      VectorClock clock =
          VectorClock.of(List.of(new VectorClock.Entry(NodeId.of("n" + i % 3), 1 + i, 1)));
      engine.put(
          ("k" + i % 400).getBytes(StandardCharsets.UTF_8),
          Versioned.of(clock, 1 + i, ("value " + i).getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static long[] walkedLeaves(LogStorageEngine engine) {
    return MerkleTree.LeafSums.of(TokenRange.full(), engine).treeAt(10).leaves();
  }

  private static long[] scannedLeaves(LogStorageEngine engine) {
    return MerkleTree.build(TokenRange.full(), 10, engine.scan(TokenRange.full())).leaves();
  }

  private static int versionsOf(LogStorageEngine engine) {
    int versions = 0;
    var scan = engine.scan(TokenRange.full());
    while (scan.hasNext()) {
      KeyVersions key = scan.next();
      versions += key.versions().size();
    }
    return versions;
  }

  private Path firstSegment() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> segments =
          new ArrayList<>(
              files
                  .filter(path -> path.getFileName().toString().endsWith(".log"))
                  .sorted()
                  .toList());
      return segments.get(0);
    }
  }

  private static void flipByteAt(Path file, long offset) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ 0x10));
      one.rewind();
      channel.write(one, offset);
    }
  }
}
