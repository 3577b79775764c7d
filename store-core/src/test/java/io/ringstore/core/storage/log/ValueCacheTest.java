package io.ringstore.core.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value cache holds one entry per key: a write replaces its key's entry, so rewriting one key
 * does not push other keys out, and a read never gets a value other than the record it asked for.
 */
class ValueCacheTest {
  private static final int VALUE_BYTES = 100;
  private static final byte[] HOT = bytes("hot");
  private static final byte[] COLD = bytes("cold");

  @TempDir Path directory;

  /** Room for about three entries: what rewriting one key must not overflow. */
  private LogStorageEngine openWithRoomForThreeEntries() {
    long entryBytes = VALUE_BYTES + 8 + ValueReader.CACHE_ENTRY_OVERHEAD_BYTES;
    return LogEngines.open(LogEngines.options(directory).withCacheBytesMax(3 * entryBytes));
  }

  @Test
  void rewritingOneKeyKeepsTheOtherKeysCached() {
    try (LogStorageEngine engine = openWithRoomForThreeEntries()) {
      engine.put(COLD, version("a", 1, 0));
      for (int i = 1; i <= 1_000; i++) {
        engine.put(HOT, version("a", i, i));
      }

      assertThat(engine.get(COLD)).extracting(Versioned::value).containsExactly(value(0));
      assertThat(engine.get(HOT)).extracting(Versioned::value).containsExactly(value(1_000));
      assertThat(engine.stats().cacheHits()).isEqualTo(2);
      assertThat(engine.stats().cacheMisses()).isZero();
    }
  }

  @Test
  void siblingsReadTheirOwnValuesThroughTheOneEntryOfTheirKey() {
    try (LogStorageEngine engine = openWithRoomForThreeEntries()) {
      engine.put(HOT, version("a", 1, 1));
      engine.put(HOT, version("b", 1, 2));

      List<Versioned> first = engine.get(HOT);
      List<Versioned> second = engine.get(HOT);

      assertThat(first).extracting(Versioned::value).containsExactlyInAnyOrder(value(1), value(2));
      assertThat(second).extracting(Versioned::value).containsExactlyInAnyOrder(value(1), value(2));
      assertThat(engine.stats().cacheMisses()).as("the sibling not in the entry").isPositive();
    }
  }

  @Test
  void aReopenedEngineReadsFromDiskThenFromTheCache() {
    try (LogStorageEngine engine = openWithRoomForThreeEntries()) {
      engine.put(HOT, version("a", 1, 7));
    }
    try (LogStorageEngine engine = openWithRoomForThreeEntries()) {
      assertThat(engine.get(HOT)).extracting(Versioned::value).containsExactly(value(7));
      assertThat(engine.get(HOT)).extracting(Versioned::value).containsExactly(value(7));
      assertThat(engine.stats().cacheMisses()).isEqualTo(1);
      assertThat(engine.stats().cacheHits()).isEqualTo(1);
    }
  }

  private static Versioned version(String node, long counter, int valueSeed) {
    VectorClock clock =
        VectorClock.of(List.of(new VectorClock.Entry(NodeId.of(node), counter, counter)));
    return Versioned.of(clock, LogEngines.START_MILLIS, value(valueSeed));
  }

  private static byte[] value(int seed) {
    byte[] value = new byte[VALUE_BYTES];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (seed * 31 + i);
    }
    return value;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
