package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.LimitExceededException;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's storage decorators: they forward every put, the sibling bound included. */
class EngineDecoratorsTest {
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

  @Test
  void aForwardingEngineForwardsTheSiblingBound() {
    StorageEngine engine = new ForwardingStorageEngine(inMemory()) {};
    engine.put(KEY, version("a", 1), 1);

    assertThatThrownBy(() -> engine.put(KEY, version("b", 1), 1))
        .isInstanceOf(LimitExceededException.class);
    List<Throwable> failures = new ArrayList<>();
    engine.putAsync(KEY, version("c", 1), 1, callback(new ArrayList<>(), failures));
    assertThat(failures).singleElement().isInstanceOf(LimitExceededException.class);
    assertThat(engine.put(KEY, version("d", 1), 0)).isEqualTo(PutOutcome.STORED);
    assertThat(engine.get(KEY)).hasSize(2);
  }

  @Test
  void aReplicaAcknowledgingEveryNthWithoutStoringStoresTheOthers() {
    StorageEngine engine = new AckWithoutStoring(inMemory(), 2);
    List<PutOutcome> outcomes = new ArrayList<>();

    engine.putAsync(KEY, version("a", 1), 0, callback(outcomes, new ArrayList<>()));
    engine.putAsync(KEY, version("b", 1), 0, callback(outcomes, new ArrayList<>()));
    PutOutcome third = engine.put(KEY, version("c", 1), 0);

    assertThat(outcomes).containsExactly(PutOutcome.STORED, PutOutcome.STORED);
    assertThat(third).isEqualTo(PutOutcome.STORED);
    assertThat(engine.get(KEY))
        .extracting(v -> new String(v.value(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("a", "c");
  }

  @Test
  void aHistoryListsOneFinalReadPerKey() {
    History history = new History(List.of("k", "j"), 3);
    Operation first = finalRead("k", 1);
    history.addFinalRead(first);
    history.addFinalRead(finalRead("j", 2));
    history.addFinalRead(finalRead("k", 3));

    assertThat(history.finalReads()).extracting(Operation::id).containsExactlyInAnyOrder(3L, 2L);
    assertThat(history.finalRead("k").id()).isEqualTo(3);
  }

  private static Operation finalRead(String key, long id) {
    return new Operation(
        id,
        -1,
        Operation.Kind.GET,
        key,
        null,
        3,
        "node-0",
        0,
        1,
        Operation.Outcome.OK,
        null,
        List.of(),
        -1);
  }

  private static InMemoryStorageEngine inMemory() {
    return new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults());
  }

  /** A version of {@code value} written by a node of its own, concurrent with every other. */
  private static Versioned version(String value, long counter) {
    VectorClock clock =
        VectorClock.of(List.of(new VectorClock.Entry(NodeId.of(value), counter, 0)));
    return Versioned.of(clock, 0, value.getBytes(StandardCharsets.UTF_8));
  }

  private static PutCallback callback(List<PutOutcome> outcomes, List<Throwable> failures) {
    return new PutCallback() {
      @Override
      public void completed(PutOutcome outcome) {
        outcomes.add(outcome);
      }

      @Override
      public void failed(RuntimeException failure) {
        failures.add(failure);
      }
    };
  }
}
