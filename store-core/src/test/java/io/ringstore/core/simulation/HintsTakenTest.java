package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the quorum-read checker is told of hints: each hinted write by key and clock, no more. */
class HintsTakenTest {
  private static final NodeId COORDINATOR = NodeId.of("node-0");
  private static final PutCallback IGNORED =
      new PutCallback() {
        @Override
        public void completed(PutOutcome outcome) {}

        @Override
        public void failed(RuntimeException failure) {}
      };

  @Test
  void recordsTheWriteEachHintHoldsAndPassesEveryPutOn() {
    HintsTaken taken = new HintsTaken();
    StorageEngine memory =
        new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults());
    StorageEngine watched = taken.watching(memory);
    VectorClock hinted = VectorClock.empty().increment(COORDINATOR, 5, 8);
    HintedPutRequest hint =
        new HintedPutRequest(
            NodeId.of("node-2"),
            new ReplicaPutRequest(
                "key-1".getBytes(StandardCharsets.UTF_8), Versioned.of(hinted, 5, new byte[] {1})));
    byte[] hintKey = {1, 2, 3};

    watched.putAsync(hintKey, Versioned.of(hinted, 5, hint.toBytes()), IGNORED);
    watched.putAsync(hintKey, Versioned.tombstone(hinted.increment(COORDINATOR, 6, 8), 6), IGNORED);

    assertThat(taken.taken("key-1", hinted)).isTrue();
    assertThat(taken.taken("key-1", hinted.increment(COORDINATOR, 9, 8))).isFalse();
    assertThat(taken.taken("key-2", hinted)).isFalse();
    assertThat(memory.get(hintKey)).as("both puts reached the engine").hasSize(1);
    assertThat(memory.get(hintKey).get(0).isTombstone()).isTrue();
  }
}
