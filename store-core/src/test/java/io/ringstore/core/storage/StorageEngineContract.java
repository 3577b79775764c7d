package io.ringstore.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StorageEngine} promises. An engine's test is a subclass that says how
 * to open one (and, for a durable engine, how to close and reopen it over the same files); every
 * test here then runs against it, in the style of Voldemort's {@code AbstractStorageEngineTest} and
 * Ratis's per-transport cluster suites.
 */
public abstract class StorageEngineContract {
  /** Small limits so that limit tests need no large arrays. */
  protected static final StorageLimits LIMITS = new StorageLimits(1024, 64 * 1024);

  protected static final Partitioner PARTITIONER = Murmur3Partitioner.INSTANCE;
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final NodeId C = NodeId.of("c");

  protected StorageEngine engine;

  /** Opens a new, empty engine with {@link #LIMITS} and {@link #PARTITIONER}. */
  protected abstract StorageEngine open();

  /**
   * Closes {@code current} and opens the engine again over what it stored; an engine without
   * durability returns {@code current} unchanged.
   */
  protected abstract StorageEngine reopen(StorageEngine current);

  @BeforeEach
  void openEngine() {
    engine = open();
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  @Test
  void aKeyNeverWrittenHasNoVersions() {
    assertThat(engine.get(key("nobody"))).isEmpty();
  }

  @Test
  void aStoredValueIsReadBack() {
    Versioned version = value(clock(A, 1), "hello");

    assertThat(engine.put(key("k"), version)).isEqualTo(PutOutcome.STORED);

    assertThat(engine.get(key("k"))).containsExactly(version);
  }

  @Test
  void aNewerVersionReplacesTheOlder() {
    engine.put(key("k"), value(clock(A, 1), "v1"));
    Versioned newer = value(clock(A, 2), "v2");

    assertThat(engine.put(key("k"), newer)).isEqualTo(PutOutcome.STORED);

    assertThat(engine.get(key("k"))).containsExactly(newer);
  }

  @Test
  void anOlderOrEqualVersionIsObsoleteAndIgnored() {
    Versioned stored = value(clock(A, 2), "v2");
    engine.put(key("k"), stored);

    assertThat(engine.put(key("k"), value(clock(A, 1), "old"))).isEqualTo(PutOutcome.OBSOLETE);
    assertThat(engine.put(key("k"), value(clock(A, 2), "same"))).isEqualTo(PutOutcome.OBSOLETE);

    assertThat(engine.get(key("k"))).containsExactly(stored);
  }

  @Test
  void concurrentVersionsAreKeptAsSiblingsUntilOneSupersedesBoth() {
    Versioned fromA = value(clock(A, 1), "a");
    Versioned fromB = value(clock(B, 1), "b");
    engine.put(key("k"), fromA);
    engine.put(key("k"), fromB);
    assertThat(engine.get(key("k"))).containsExactlyInAnyOrder(fromA, fromB);

    Versioned resolved = value(fromA.clock().merge(fromB.clock()).increment(A, 5, 8), "ab");
    engine.put(key("k"), resolved);

    assertThat(engine.get(key("k"))).containsExactly(resolved);
  }

  @Test
  void aConcurrentVersionOfTheSameValueIsStoredAsOneWithBothClocks() {
    Versioned fromA = Versioned.of(clock(A, 1), 1_000, "same".getBytes(StandardCharsets.UTF_8));
    Versioned fromB = Versioned.of(clock(B, 1), 1_200, "same".getBytes(StandardCharsets.UTF_8));
    engine.put(key("k"), fromA);

    assertThat(engine.put(key("k"), fromB)).isEqualTo(PutOutcome.STORED);

    List<Versioned> stored = engine.get(key("k"));
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).clock()).isEqualTo(fromA.clock().merge(fromB.clock()));
    assertThat(stored.get(0).timestampMillis()).isEqualTo(1_200);
    assertThat(stored.get(0).value()).isEqualTo(fromA.value());
  }

  @Test
  void ofTwoVersionsWithOneClockTheLaterTimestampStaysWhateverTheOrder() {
    Versioned earlier = Versioned.tombstone(clock(A, 3), 1_000);
    Versioned later = Versioned.tombstone(clock(A, 3), 2_000);
    engine.put(key("first"), earlier);
    engine.put(key("second"), later);

    assertThat(engine.put(key("first"), later)).isEqualTo(PutOutcome.STORED);
    assertThat(engine.put(key("second"), earlier)).isEqualTo(PutOutcome.OBSOLETE);
    assertThat(engine.get(key("first"))).containsExactly(later);
    assertThat(engine.get(key("second"))).containsExactly(later);
  }

  @Test
  void aNewWriteBeyondTheSiblingBoundIsRefusedAndAReconcilingOneIsNot() {
    engine.put(key("k"), value(clock(A, 1), "a"), 2);
    engine.put(key("k"), value(clock(B, 1), "b"), 2);

    assertThatThrownBy(() -> engine.put(key("k"), value(clock(C, 1), "c"), 2))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("2 concurrent versions and siblings-max is 2")
        .hasMessageContaining("write with the read's context");
    assertThat(engine.get(key("k"))).hasSize(2);

    VectorClock both = clock(A, 1).merge(clock(B, 1));
    Versioned reconciled = value(both.successor(C, 5, 1_000, 8), "abc");
    assertThat(engine.put(key("k"), reconciled, 2)).isEqualTo(PutOutcome.STORED);
    assertThat(engine.get(key("k"))).containsExactly(reconciled);
  }

  @Test
  void aRepairIsNotBoundBySiblings() {
    engine.put(key("k"), value(clock(A, 1), "a"), 1);

    assertThat(engine.put(key("k"), value(clock(B, 1), "b"), 0)).isEqualTo(PutOutcome.STORED);
    assertThat(engine.get(key("k"))).hasSize(2);
  }

  @Test
  void aDeleteLeavesATombstoneThatSupersedesTheValue() {
    engine.put(key("k"), value(clock(A, 1), "v"));

    assertThat(engine.delete(key("k"), clock(A, 2), 77)).isEqualTo(PutOutcome.STORED);

    assertThat(engine.get(key("k"))).containsExactly(Versioned.tombstone(clock(A, 2), 77));
  }

  @Test
  void valuesSurviveAReopen() {
    engine.put(key("k1"), value(clock(A, 1), "one"));
    engine.put(key("k2"), value(clock(B, 3), "two"));
    engine.delete(key("k3"), clock(A, 1), 5);

    engine = reopen(engine);

    assertThat(engine.get(key("k1"))).containsExactly(value(clock(A, 1), "one"));
    assertThat(engine.get(key("k2"))).containsExactly(value(clock(B, 3), "two"));
    assertThat(engine.get(key("k3"))).containsExactly(Versioned.tombstone(clock(A, 1), 5));
  }

  @Test
  void aScanReturnsTheKeysOfARangeInTokenOrder() {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      keys.add(key("scan-" + i));
      engine.put(keys.get(i), value(clock(A, 1), "v" + i));
    }
    long start = PARTITIONER.token(keys.get(0));
    long end = PARTITIONER.token(keys.get(1));

    for (TokenRange range : List.of(new TokenRange(start, end), new TokenRange(end, start))) {
      List<KeyVersions> scanned = drain(engine.scan(range));
      assertThat(scanned).extracting(KeyVersions::token).allMatch(range::contains);
      assertThat(scanned.size()).isEqualTo(keys.stream().filter(k -> inRange(range, k)).count());
      assertThat(scanned).extracting(KeyVersions::token).isSortedAccordingTo(ringOrder(range));
    }
    assertThat(drain(engine.scan(TokenRange.full()))).hasSize(200);
  }

  @Test
  void aScanCarriesEachKeysVersions() {
    engine.put(key("k"), value(clock(A, 1), "a"));
    engine.put(key("k"), value(clock(B, 1), "b"));

    List<KeyVersions> scanned = drain(engine.scan(TokenRange.full()));

    assertThat(scanned).hasSize(1);
    assertThat(scanned.get(0).key()).isEqualTo(key("k"));
    assertThat(scanned.get(0).token()).isEqualTo(PARTITIONER.token(key("k")));
    assertThat(scanned.get(0).versions()).hasSize(2);
  }

  /**
   * Visiting versions in any order meets exactly the versions a scan returns, each once: siblings,
   * overwritten versions (their records are garbage), tombstones, and keys outside the range.
   */
  @Test
  void everyVersionIsVisitedOnceAsAScanReturnsIt() {
    for (int i = 0; i < 300; i++) {
      byte[] key = key("visit-" + i % 100);
      if (i % 7 == 3) {
        engine.put(key, Versioned.tombstone(clock(A, 1 + i), 10));
      } else {
        engine.put(key, value(clock(i % 2 == 0 ? A : B, 1 + i), "v" + i));
      }
    }
    long start = PARTITIONER.token(key("visit-0"));
    long end = PARTITIONER.token(key("visit-1"));

    for (TokenRange range :
        List.of(TokenRange.full(), new TokenRange(start, end), new TokenRange(end, start))) {
      List<String> visited = new ArrayList<>();
      boolean finished =
          engine.forEachVersion(
              range,
              (key, token, version) -> {
                assertThat(token).isEqualTo(PARTITIONER.token(key));
                visited.add(describe(key, version));
              });
      List<String> scanned = new ArrayList<>();
      for (KeyVersions key : drain(engine.scan(range))) {
        key.versions().forEach(version -> scanned.add(describe(key.key(), version)));
      }
      assertThat(finished).isTrue();
      assertThat(visited).containsExactlyInAnyOrderElementsOf(scanned);
    }
  }

  private static String describe(byte[] key, Versioned version) {
    String content =
        version.isTombstone() ? "" : " " + new String(version.value(), StandardCharsets.UTF_8);
    return new String(key, StandardCharsets.UTF_8) + "=" + version + content;
  }

  @Test
  void keysAndValuesAboveTheLimitsAreRefusedNamingTheLimit() {
    byte[] longKey = new byte[LIMITS.keyBytesMax() + 1];
    byte[] bigValue = new byte[LIMITS.valueBytesMax() + 1];

    assertThatThrownBy(() -> engine.put(longKey, value(clock(A, 1), "v")))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("limit of 1024 bytes");
    assertThatThrownBy(() -> engine.put(key("k"), Versioned.of(clock(A, 1), 1, bigValue)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("limit of 65536 bytes");
    assertThatThrownBy(() -> engine.put(new byte[0], value(clock(A, 1), "v")))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("key is empty");
    assertThat(engine.get(key("k"))).isEmpty();
  }

  @Test
  void keysAndValuesAtTheLimitsAreStored() {
    byte[] longestKey = new byte[LIMITS.keyBytesMax()];
    Versioned biggest = Versioned.of(clock(A, 1), 1, new byte[LIMITS.valueBytesMax()]);

    engine.put(longestKey, biggest);

    assertThat(engine.get(longestKey)).containsExactly(biggest);
  }

  @Test
  void theCallersKeyArrayMayBeReusedAfterAPut() {
    byte[] key = key("reused");
    engine.put(key, value(clock(A, 1), "v"));

    key[0] = 'X';

    assertThat(engine.get(key("reused"))).hasSize(1);
  }

  @Test
  void aClosedEngineRefusesWork() {
    engine.close();

    assertThatThrownBy(() -> engine.get(key("k"))).isInstanceOf(StorageClosedException.class);
    assertThatThrownBy(() -> engine.put(key("k"), value(clock(A, 1), "v")))
        .isInstanceOf(StorageClosedException.class);
    engine = open();
  }

  /**
   * Random writes of random versions to a few keys, checked against a model that keeps every
   * written version and computes the maximal ones (two concurrent tombstones stored as one, as an
   * engine stores twins); then the same after a reopen.
   */
  @Test
  void randomWritesMatchTheModelOfMaximalVersions() {
    Random random = new Random(Seeds.seed(getClass().getSimpleName() + ".randomWrites"));
    Map<String, List<Versioned>> written = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      String name = "key-" + random.nextInt(20);
      Versioned version = randomVersion(random, i);
      engine.put(key(name), version);
      written.computeIfAbsent(name, n -> new ArrayList<>()).add(version);
    }
    checkAgainstModel(written);
    engine = reopen(engine);
    checkAgainstModel(written);
  }

  private void checkAgainstModel(Map<String, List<Versioned>> written) {
    for (Map.Entry<String, List<Versioned>> entry : written.entrySet()) {
      List<Versioned> model = List.of();
      for (Versioned version : entry.getValue()) {
        List<Versioned> next = VersionSet.add(model, version);
        Versioned twin = next == null ? null : VersionSet.twinOf(next, version);
        if (twin != null) {
          next = VersionSet.add(model, Siblings.mergedTwins(version, twin));
        }
        model = next == null ? model : next;
      }
      assertThat(new HashSet<>(engine.get(key(entry.getKey()))))
          .as("versions of %s", entry.getKey())
          .isEqualTo(new HashSet<>(model));
    }
  }

  private static Versioned randomVersion(Random random, int sequence) {
    List<VectorClock.Entry> entries = new ArrayList<>();
    for (String node : List.of("n0", "n1", "n2")) {
      int counter = random.nextInt(4);
      if (counter > 0) {
        entries.add(new VectorClock.Entry(NodeId.of(node), counter, sequence));
      }
    }
    VectorClock clock = VectorClock.of(entries);
    if (random.nextInt(5) == 0) {
      return Versioned.tombstone(clock, sequence);
    }
    return Versioned.of(clock, sequence, ("value-" + clock).getBytes(StandardCharsets.UTF_8));
  }

  protected static byte[] key(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  protected static Versioned value(VectorClock clock, String value) {
    return Versioned.of(clock, 1_000, value.getBytes(StandardCharsets.UTF_8));
  }

  protected static VectorClock clock(NodeId node, long counter) {
    return VectorClock.of(List.of(new VectorClock.Entry(node, counter, 1_000)));
  }

  protected static List<KeyVersions> drain(Iterator<KeyVersions> iterator) {
    List<KeyVersions> all = new ArrayList<>();
    iterator.forEachRemaining(all::add);
    return all;
  }

  private static boolean inRange(TokenRange range, byte[] key) {
    return range.contains(PARTITIONER.token(key));
  }

  /** Orders tokens as a scan of {@code range} meets them: after the start, wrapping once. */
  private static Comparator<Long> ringOrder(TokenRange range) {
    long first = range.startExclusive() + 1;
    return (x, y) -> Long.compareUnsigned(x - first, y - first);
  }
}
