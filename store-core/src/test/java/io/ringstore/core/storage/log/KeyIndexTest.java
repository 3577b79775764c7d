package io.ringstore.core.storage.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.TokenKey;
import io.ringstore.core.version.VectorClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The index's two maps stay in step: point lookups through the hash map, range scans through the
 * sorted key set, as keys appear, change versions, vanish and come back.
 */
class KeyIndexTest {
  private final KeyIndex index = new KeyIndex();

  @Test
  void aScanWalksARangeInTokenOrderWithEachKeysCurrentVersions() {
    for (long token : new long[] {30, 10, 20, 40}) {
      index.apply(key(token), version(1, token));
    }
    index.apply(key(20), version(2, 99));

    List<Map.Entry<TokenKey, List<StoredVersion>>> scanned = scan(new TokenRange(10, 30));

    assertThat(scanned).extracting(e -> e.getKey().token()).containsExactly(20L, 30L);
    assertThat(scanned.get(0).getValue()).containsExactly(version(2, 99));
    assertThat(index.get(key(20))).containsExactly(version(2, 99));
    assertThat(index.size()).isEqualTo(4);
  }

  @Test
  void aKeyWhoseLastVersionIsRemovedLeavesBothMapsAndCanComeBack() {
    index.apply(key(10), version(1, 1));
    index.apply(key(20), version(1, 2));

    assertThat(index.remove(key(10), version(1, 1).pointer())).isTrue();

    assertThat(index.get(key(10))).isEmpty();
    assertThat(scan(TokenRange.full())).extracting(e -> e.getKey().token()).containsExactly(20L);
    assertThat(index.size()).isEqualTo(1);

    index.apply(key(10), version(2, 3));
    assertThat(scan(TokenRange.full()))
        .extracting(e -> e.getKey().token())
        .containsExactly(10L, 20L);
  }

  @Test
  void anObsoleteVersionChangesNothing() {
    index.apply(key(10), version(2, 1));

    assertThat(index.plan(key(10), version(1, 2))).isNull();
    assertThat(index.apply(key(10), version(1, 2))).isFalse();
    assertThat(index.get(key(10))).containsExactly(version(2, 1));
  }

  @Test
  void aPlanAppliesOnceAndIsRecomputedIfTheKeyChangedMeanwhile() {
    index.apply(key(10), version(1, 1));
    StoredVersion incoming = version(2, 2);
    KeyIndex.Planned planned = index.plan(key(10), incoming.movedTo(null));
    index.swing(key(10), version(1, 1).pointer(), version(1, 3).pointer());

    index.apply(key(10), planned, incoming);

    assertThat(index.get(key(10))).containsExactly(incoming);
  }

  @Test
  void aPlanKeepsConcurrentSiblings() {
    StoredVersion sibling = version("b", 3, 1);
    index.apply(key(10), sibling);
    StoredVersion incoming = version(4, 2);
    KeyIndex.Planned planned = index.plan(key(10), incoming.movedTo(null));

    index.apply(key(10), planned, incoming);

    assertThat(index.get(key(10))).containsExactlyInAnyOrder(sibling, incoming);
  }

  private List<Map.Entry<TokenKey, List<StoredVersion>>> scan(TokenRange range) {
    List<Map.Entry<TokenKey, List<StoredVersion>>> entries = new ArrayList<>();
    index.entriesIn(range).forEach(entries::add);
    return entries;
  }

  private static TokenKey key(long token) {
    return new TokenKey(token, new byte[] {(byte) token});
  }

  private static StoredVersion version(long counter, long offset) {
    return version("a", counter, offset);
  }

  private static StoredVersion version(String node, long counter, long offset) {
    VectorClock clock = VectorClock.of(List.of(new VectorClock.Entry(NodeId.of(node), counter, 0)));
    return new StoredVersion(clock, 0, false, new RecordPointer(1, offset, 10));
  }
}
