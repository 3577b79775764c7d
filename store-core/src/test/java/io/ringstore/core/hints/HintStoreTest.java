package io.ringstore.core.hints;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.storage.log.LogStorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import io.ringstore.core.storage.log.StorageEnvironment;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hint store over a real log engine on a real disk, reopened as after a restart. */
class HintStoreTest {
  private static final NodeId SELF = NodeId.of("node-1");
  private static final NodeId OWNER = NodeId.of("node-2");
  private static final NodeId OTHER = NodeId.of("node-3");

  @TempDir Path directory;

  private final ManualClock clock = new ManualClock(1_000_000);
  private LogStorageEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private HintStore open(HintStore.Limits limits) {
    if (engine != null) {
      engine.close();
    }
    engine =
        LogStorageEngine.open(
            LogStorageOptions.defaults(directory).withFsyncPolicy(FsyncPolicy.ALWAYS),
            new StorageEnvironment(clock, new ManualScheduler(clock), Runnable::run));
    return HintStore.open(engine, SELF, clock, limits);
  }

  private static HintedPutRequest hint(NodeId owner, String key, String value) {
    return new HintedPutRequest(
        owner,
        new ReplicaPutRequest(
            key.getBytes(StandardCharsets.UTF_8),
            Versioned.of(
                VectorClock.empty().increment(SELF, 7, 8),
                42,
                value.getBytes(StandardCharsets.UTF_8))));
  }

  /** Stores {@code hint}, returning whether the store kept it. */
  private static boolean store(HintStore store, HintedPutRequest hint) {
    List<Boolean> kept = new ArrayList<>();
    store.store(
        hint,
        kept::add,
        failure -> {
          throw new AssertionError(failure);
        });
    assertThat(kept).as("answered at once under a direct executor").hasSize(1);
    return kept.get(0);
  }

  private static List<String> keysFor(HintStore store, NodeId owner) {
    return store.oldest(owner, 100, Set.of()).stream()
        .map(hint -> new String(store.writeOf(hint).key(), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void hintsComeBackOldestFirstPerOwnerAfterAReopen() {
    HintStore store = open(HintStore.Limits.DEFAULTS);
    assertThat(store(store, hint(OWNER, "a", "1"))).isTrue();
    assertThat(store(store, hint(OTHER, "b", "2"))).isTrue();
    assertThat(store(store, hint(OWNER, "c", "3"))).isTrue();

    HintStore reopened = open(HintStore.Limits.DEFAULTS);

    assertThat(reopened.owners()).containsExactlyInAnyOrder(OWNER, OTHER);
    assertThat(keysFor(reopened, OWNER)).containsExactly("a", "c");
    assertThat(keysFor(reopened, OTHER)).containsExactly("b");
    ReplicaPutRequest write = reopened.writeOf(reopened.oldest(OWNER, 1, Set.of()).get(0));
    assertThat(write.version().value()).isEqualTo("1".getBytes(StandardCharsets.UTF_8));
    assertThat(write.version().clock()).isEqualTo(VectorClock.empty().increment(SELF, 7, 8));
    assertThat(store(reopened, hint(OWNER, "d", "4"))).isTrue();
    assertThat(keysFor(reopened, OWNER))
        .as("a new hint is numbered after every recovered one")
        .containsExactly("a", "c", "d");
  }

  @Test
  void aDeliveredHintStaysDeletedAfterAReopen() {
    HintStore store = open(HintStore.Limits.DEFAULTS);
    store(store, hint(OWNER, "a", "1"));
    store(store, hint(OWNER, "b", "2"));
    store.delivered(store.oldest(OWNER, 1, Set.of()).get(0));

    assertThat(keysFor(store, OWNER)).containsExactly("b");
    assertThat(store.counts().delivered()).isEqualTo(1);
    HintStore reopened = open(HintStore.Limits.DEFAULTS);
    assertThat(keysFor(reopened, OWNER)).containsExactly("b");
  }

  @Test
  void aHintTakenAfterEveryEarlierOneWasDeliveredIsKeptAcrossAReopen() {
    HintStore store = open(HintStore.Limits.DEFAULTS);
    store(store, hint(OWNER, "a", "1"));
    store.delivered(store.oldest(OWNER, 1, Set.of()).get(0));

    HintStore reopened = open(HintStore.Limits.DEFAULTS);
    assertThat(reopened.size()).isZero();
    assertThat(store(reopened, hint(OWNER, "b", "2"))).isTrue();

    assertThat(keysFor(reopened, OWNER))
        .as("a new hint's key is not the delivered one's, whose tombstone would hide it")
        .containsExactly("b");
    assertThat(keysFor(open(HintStore.Limits.DEFAULTS), OWNER)).containsExactly("b");
  }

  @Test
  void oldestSkipsTheHintsInFlight() {
    HintStore store = open(HintStore.Limits.DEFAULTS);
    store(store, hint(OWNER, "a", "1"));
    store(store, hint(OWNER, "b", "2"));
    long first = store.oldest(OWNER, 1, Set.of()).get(0).sequence();

    assertThat(store.oldest(OWNER, 5, Set.of(first)))
        .extracting(hint -> new String(store.writeOf(hint).key(), StandardCharsets.UTF_8))
        .containsExactly("b");
  }

  @Test
  void aHintBeyondItsOwnersBoundIsRefusedWhileOtherOwnersStillGetTheirs() {
    int oneHint = hint(OWNER, "a", "1").toBytes().length;
    HintStore store = open(new HintStore.Limits(2L * oneHint, TimeUnit.HOURS.toMillis(1)));
    assertThat(store(store, hint(OWNER, "a", "1"))).isTrue();
    assertThat(store(store, hint(OWNER, "b", "2"))).isTrue();

    assertThat(store(store, hint(OWNER, "c", "3"))).isFalse();
    assertThat(store(store, hint(OTHER, "d", "4"))).isTrue();

    assertThat(store.counts().refused()).isEqualTo(1);
    assertThat(store.backlogs())
        .filteredOn(backlog -> backlog.owner().equals(OWNER))
        .singleElement()
        .satisfies(
            backlog -> {
              assertThat(backlog.hints()).isEqualTo(2);
              assertThat(backlog.bytes()).isEqualTo(2L * oneHint);
            });
  }

  @Test
  void hintsOlderThanTheWindowAreDroppedAndCounted() {
    HintStore store = open(new HintStore.Limits(1 << 20, 60_000));
    store(store, hint(OWNER, "old", "1"));
    clock.advance(30, TimeUnit.SECONDS);
    store(store, hint(OWNER, "young", "2"));
    clock.advance(31, TimeUnit.SECONDS);

    assertThat(store.dropExpired()).isEqualTo(1);

    assertThat(keysFor(store, OWNER)).containsExactly("young");
    assertThat(store.counts().dropped()).isEqualTo(1);
    assertThat(keysFor(open(new HintStore.Limits(1 << 20, 60_000)), OWNER))
        .containsExactly("young");
  }
}
