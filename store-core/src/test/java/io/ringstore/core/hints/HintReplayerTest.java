package io.ringstore.core.hints;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.RangePushRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The replayer against a transport whose answers the test gives, one at a time. */
class HintReplayerTest {
  private static final NodeId SELF = NodeId.of("node-1");
  private static final NodeId OWNER = NodeId.of("node-2");
  private static final int IN_FLIGHT_MAX = 2;
  private static final long INTERVAL_MILLIS = 100;
  private static final long TIMEOUT_MILLIS = 1_000;

  /** Holds every send until the test answers it. */
  private static final class HeldTransport implements Transport {
    record Sent(NodeId to, Request request, ResponseHandler handler) {}

    final Deque<Sent> unanswered = new ArrayDeque<>();

    @Override
    public void send(NodeId destination, Request request, ResponseHandler handler) {
      unanswered.add(new Sent(destination, request, handler));
    }

    void acknowledgeOldest() {
      unanswered.poll().handler().onResponse(ReplicaPutResponse.of(true));
    }
  }

  private final ManualClock clock = new ManualClock(1_000);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final HeldTransport transport = new HeldTransport();
  private final AtomicReference<NodeStates> states =
      new AtomicReference<>(NodeStates.of(Map.of(OWNER, NodeState.DOWN)));
  private final HintStore store =
      HintStore.open(
          new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults()),
          SELF,
          clock,
          HintStore.Limits.DEFAULTS);
  private final HintReplayer replayer =
      new HintReplayer(
          store,
          transport,
          states::get,
          scheduler,
          new HintReplayer.Settings(INTERVAL_MILLIS, IN_FLIGHT_MAX, TIMEOUT_MILLIS, 1));

  private void hint(int i) {
    store.store(
        new HintedPutRequest(
            OWNER,
            new ReplicaPutRequest(
                new byte[] {(byte) i},
                Versioned.of(VectorClock.empty().increment(SELF, i, 8), 0, new byte[] {1}))),
        kept -> assertThat(kept).isTrue(),
        failure -> {
          throw new AssertionError(failure);
        });
  }

  private void nextRound() {
    scheduler.advance(INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Test
  void replaysOnlyOnceTheOwnerIsUpAtMostTheBoundInFlightDeletingEachOnItsAcknowledgement() {
    for (int i = 1; i <= 5; i++) {
      hint(i);
    }
    replayer.start();
    nextRound();
    assertThat(transport.unanswered).as("the owner is down").isEmpty();

    states.set(NodeStates.ALL_UP);
    nextRound();
    assertThat(transport.unanswered).hasSize(IN_FLIGHT_MAX);
    assertThat(transport.unanswered.peek().to()).isEqualTo(OWNER);
    assertThat(((ReplicaPutRequest) transport.unanswered.peek().request()).key())
        .as("oldest first")
        .containsExactly(1);
    assertThat(store.size()).as("nothing deleted before an acknowledgement").isEqualTo(5);

    transport.acknowledgeOldest();
    assertThat(store.size()).isEqualTo(4);
    assertThat(transport.unanswered).as("the next hint went out").hasSize(IN_FLIGHT_MAX);
    while (!transport.unanswered.isEmpty()) {
      transport.acknowledgeOldest();
    }

    assertThat(store.size()).isZero();
    assertThat(store.counts().delivered()).isEqualTo(5);
    assertThat(replayer.replaying()).isFalse();
  }

  /** Hints travel in batches: one request, one acknowledgement, every hint of it deleted. */
  @Test
  void hintsTravelInBatchesDeletedTogetherOnTheirAcknowledgement() {
    startBatching(5);

    assertThat(transport.unanswered).hasSize(2);
    RangePushRequest first = (RangePushRequest) transport.unanswered.peek().request();
    assertThat(first.keys())
        .extracting(entry -> entry.key()[0])
        .containsExactly((byte) 1, (byte) 2, (byte) 3);
    transport.acknowledgeOldest();
    assertThat(store.size()).isEqualTo(2);
    transport.acknowledgeOldest();
    assertThat(store.size()).isZero();
    assertThat(store.counts().delivered()).isEqualTo(5);
  }

  /** An owner that refuses batches (an older node) gets the batch's hints one by one; none lost. */
  @Test
  void aRefusedBatchIsSentHintByHint() {
    startBatching(3);

    transport
        .unanswered
        .poll()
        .handler()
        .onResponse(ErrorResponse.of(ErrorCode.BAD_REQUEST, "RangePushRequest is not served"));

    assertThat(transport.unanswered)
        .hasSize(3)
        .allSatisfy(sent -> assertThat(sent.request()).isInstanceOf(ReplicaPutRequest.class));
    assertThat(store.size()).as("nothing dropped").isEqualTo(3);
    while (!transport.unanswered.isEmpty()) {
      transport.acknowledgeOldest();
    }
    assertThat(store.size()).isZero();
  }

  /**
   * A batch whose request fails outright (an older node closes the connection on a message it does
   * not know) makes the owner's hints go one by one from then on.
   */
  @Test
  void anOwnerABatchFailedOnGetsItsHintsOneByOne() {
    startBatching(3);
    assertThat(transport.unanswered.peek().request()).isInstanceOf(RangePushRequest.class);

    transport.unanswered.poll().handler().onFailure(new IllegalStateException("connection closed"));
    nextRound();

    assertThat(transport.unanswered)
        .hasSize(3)
        .allSatisfy(sent -> assertThat(sent.request()).isInstanceOf(ReplicaPutRequest.class));
    assertThat(store.size()).isEqualTo(3);
  }

  /** Keeps {@code hints} hints, marks the owner up and runs a round of a batching replayer. */
  private void startBatching(int hints) {
    for (int i = 1; i <= hints; i++) {
      hint(i);
    }
    states.set(NodeStates.ALL_UP);
    batchingReplayer().start();
    nextRound();
  }

  /** Batches of three, up to eight hints in flight. */
  private HintReplayer batchingReplayer() {
    return new HintReplayer(
        store,
        transport,
        states::get,
        scheduler,
        new HintReplayer.Settings(INTERVAL_MILLIS, 8, TIMEOUT_MILLIS, 3));
  }

  @Test
  void aFailedReplayKeepsItsHintAndStopsUntilTheNextRound() {
    hint(1);
    hint(2);
    hint(3);
    states.set(NodeStates.ALL_UP);
    replayer.start();
    nextRound();

    transport.unanswered.poll().handler().onFailure(new IllegalStateException("lost"));
    transport
        .unanswered
        .poll()
        .handler()
        .onResponse(ErrorResponse.of(ErrorCode.OVERLOADED, "busy"));

    assertThat(transport.unanswered).as("the replay stopped").isEmpty();
    assertThat(store.size()).isEqualTo(3);
    assertThat(replayer.replaying()).isFalse();

    nextRound();
    assertThat(transport.unanswered).as("the next round resumes").hasSize(IN_FLIGHT_MAX);
  }

  @Test
  void anUnansweredReplayTimesOutKeepsItsHintAndIsSentAgainNextRound() {
    hint(1);
    states.set(NodeStates.ALL_UP);
    replayer.runRound();
    HeldTransport.Sent lost = transport.unanswered.poll();

    scheduler.advance(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);

    assertThat(replayer.replaying()).as("the timeout ended the replay").isFalse();
    assertThat(store.size()).isEqualTo(1);
    lost.handler().onResponse(ReplicaPutResponse.of(true));
    assertThat(store.size()).as("an answer after the timeout is ignored").isEqualTo(1);
    replayer.runRound();
    assertThat(transport.unanswered).as("sent again").hasSize(1);
    transport.acknowledgeOldest();
    assertThat(store.size()).isZero();
  }

  @Test
  void aReplayNeverSeesAHintWhoseRecordIsStillBeingAppended() {
    InMemoryStorageEngine memory =
        new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults());
    List<Integer> visibleDuringAppend = new ArrayList<>();
    AtomicReference<HintStore> watched = new AtomicReference<>();
    StorageEngine slowAppend =
        new StorageEngine() {
          @Override
          public List<Versioned> get(byte[] key) {
            return memory.get(key);
          }

          @Override
          public PutOutcome put(byte[] key, Versioned version) {
            // A replay running now, between the index and the record, must not find the hint.
            visibleDuringAppend.add(watched.get().oldest(OWNER, 10, Set.of()).size());
            return memory.put(key, version);
          }

          @Override
          public Iterator<KeyVersions> scan(TokenRange range) {
            return memory.scan(range);
          }

          @Override
          public void sync() {}

          @Override
          public void close() {}
        };
    HintStore hints = HintStore.open(slowAppend, SELF, clock, HintStore.Limits.DEFAULTS);
    watched.set(hints);

    hints.store(
        new HintedPutRequest(
            OWNER,
            new ReplicaPutRequest(
                new byte[] {1},
                Versioned.of(VectorClock.empty().increment(SELF, 1, 8), 0, new byte[] {1}))),
        kept -> assertThat(kept).isTrue(),
        failure -> {
          throw new AssertionError(failure);
        });

    assertThat(visibleDuringAppend).containsExactly(0);
    assertThat(hints.oldest(OWNER, 10, Set.of())).hasSize(1);
    assertThat(hints.writeOf(hints.oldest(OWNER, 10, Set.of()).get(0))).isNotNull();
  }

  @Test
  void aHintTheOwnerRefusesItselfIsDroppedAndTheReplayGoesOn() {
    hint(1);
    hint(2);
    states.set(NodeStates.ALL_UP);
    replayer.runRound();

    transport
        .unanswered
        .poll()
        .handler()
        .onResponse(ErrorResponse.of(ErrorCode.BAD_REQUEST, "value over this node's limit"));

    assertThat(store.counts().dropped()).isEqualTo(1);
    assertThat(transport.unanswered).as("the replay went on").hasSize(1);
    transport.acknowledgeOldest();
    assertThat(store.size()).isZero();
  }

  @Test
  void deletingOnSendLosesAHintWhoseRequestIsLost() {
    HintReplayer broken =
        new HintReplayer(
            store,
            transport,
            states::get,
            scheduler,
            new HintReplayer.Settings(INTERVAL_MILLIS, IN_FLIGHT_MAX, TIMEOUT_MILLIS, 1),
            new DeleteOnSend());
    hint(1);
    states.set(NodeStates.ALL_UP);
    broken.runRound();

    transport.unanswered.poll().handler().onFailure(new IllegalStateException("lost"));

    assertThat(store.size()).as("the variant the simulator's bite proof plants").isZero();
  }
}
