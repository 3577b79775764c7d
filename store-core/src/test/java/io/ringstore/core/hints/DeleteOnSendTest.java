package io.ringstore.core.hints;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The broken deletion the hint bite proof plants does what it claims: a hint leaves the store as it
 * is sent, and the owner's acknowledgement changes nothing; production's deletes only then.
 */
class DeleteOnSendTest {
  private static final NodeId SELF = NodeId.of("node-1");
  private static final NodeId OWNER = NodeId.of("node-2");

  private final ManualClock clock = new ManualClock(1_000);
  private final HintStore store =
      HintStore.open(
          new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults()),
          SELF,
          clock,
          HintStore.Limits.DEFAULTS);

  private HintStore.Hint oneHint() {
    store.store(
        new HintedPutRequest(
            OWNER,
            new ReplicaPutRequest(
                new byte[] {1},
                Versioned.of(VectorClock.empty().increment(SELF, 1, 8), 0, new byte[] {1}))),
        kept -> assertThat(kept).isTrue(),
        failure -> {
          throw new AssertionError(failure);
        });
    List<HintStore.Hint> oldest = store.oldest(OWNER, 1, Set.of());
    assertThat(oldest).hasSize(1);
    return oldest.get(0);
  }

  @Test
  void aHintLeavesTheStoreWhenItIsSentNotWhenItIsAcknowledged() {
    HintStore.Hint hint = oneHint();
    DeleteOnSend deletion = new DeleteOnSend();

    deletion.sent(store, hint);
    assertThat(store.size()).isZero();
    deletion.acknowledged(store, hint);
    assertThat(store.counts().delivered()).isEqualTo(1);
  }

  @Test
  void productionKeepsASentHintUntilItIsAcknowledged() {
    HintStore.Hint hint = oneHint();
    HintReplayer.Deletion deletion = HintReplayer.Deletion.ON_ACKNOWLEDGEMENT;

    deletion.sent(store, hint);
    assertThat(store.size()).isEqualTo(1);
    deletion.acknowledged(store, hint);
    assertThat(store.size()).isZero();
  }
}
