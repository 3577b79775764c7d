package io.ringstore.core.movement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.replica.AcceptorStates;
import io.ringstore.core.replica.PaxosAcceptor;
import io.ringstore.core.replica.PaxosStore;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.RangeTransfers;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.testing.InMemoryNetwork;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.AcceptorEntry;
import io.ringstore.core.wire.AcceptorState;
import io.ringstore.core.wire.Ballot;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.Fences;
import io.ringstore.core.wire.PaxosStatesPush;
import io.ringstore.core.wire.PaxosStatesRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Paxos handover between acceptors on an in-memory network: what each side ends with, paging
 * over many keys and ranges that wrap or cover the ring, and failures named.
 */
class PaxosHandoverTest {
  private static final NodeId GAINER = NodeId.of("node-4");
  private static final NodeId A = NodeId.of("node-1");
  private static final NodeId B = NodeId.of("node-2");
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final InMemoryNetwork network = new InMemoryNetwork(11);
  private final Map<NodeId, PaxosAcceptor> acceptors = new HashMap<>();
  private final Map<NodeId, AcceptorStates> states = new HashMap<>();

  PaxosHandoverTest() {
    for (NodeId node : List.of(GAINER, A, B)) {
      PaxosAcceptor acceptor =
          new PaxosAcceptor(
              new PaxosStore(engine(), clock), engine(), PaxosAcceptor.Promises.DURABLE);
      AcceptorStates replica = new AcceptorStates(acceptor, Runnable::run);
      acceptors.put(node, acceptor);
      states.put(node, replica);
      network.register(
          node,
          (source, request, respond) -> {
            if (request instanceof PaxosStatesRequest page) {
              replica.page(page, respond);
            } else if (request instanceof PaxosStatesPush push) {
              replica.push(push, respond);
            } else {
              respond.accept(ErrorResponse.of(ErrorCode.BAD_REQUEST, "not served here"));
            }
          });
    }
  }

  @Test
  void aGainerThatPullsEndsWithEveryKeysHighestStateAndLeavesItsPeersAsTheyWere() {
    byte[] fenced = key("fenced");
    byte[] onlyA = key("only-a");
    byte[] gainers = key("gainers");
    // A took part in the last fenced write, B missed it; the gainer has seen neither.
    put(A, fenced, accepted(8, A, "v2", Fences.NONE.with(new Fence("lock", 6))));
    put(B, fenced, accepted(5, B, "v1", Fences.NONE.with(new Fence("lock", 5))));
    put(A, onlyA, accepted(3, A, "x", Fences.NONE));
    put(GAINER, gainers, AcceptorState.EMPTY.promising(ballot(4, GAINER)));

    PaxosHandover.Outcome outcome =
        handOver(transfer(TokenRange.full(), A, B), PaxosHandover.Direction.PULL);

    assertThat(outcome.failureOrNull()).isNull();
    assertThat(outcome.statesReceived()).isEqualTo(3); // A's two and B's one
    assertThat(outcome.statesSent()).isZero();
    AcceptorState merged = read(GAINER, fenced).orElseThrow();
    assertThat(merged.acceptedBallotOrNull()).isEqualTo(ballot(8, A));
    assertThat(merged.fences().tokenOf("lock")).isEqualTo(6);
    assertThat(merged.acceptedOrNull().value()).isEqualTo(bytes("v2"));
    assertThat(read(GAINER, onlyA).orElseThrow().acceptedBallotOrNull()).isEqualTo(ballot(3, A));
    assertThat(read(B, fenced).orElseThrow().fences().tokenOf("lock")).isEqualTo(5);
    assertThat(read(B, gainers)).isEmpty();
  }

  @Test
  void aLeaverThatPushesLeavesEachPeerWithItsHighestState() {
    byte[] fenced = key("fenced");
    put(GAINER, fenced, accepted(8, GAINER, "v2", Fences.NONE.with(new Fence("lock", 6))));
    put(A, fenced, accepted(5, A, "v1", Fences.NONE.with(new Fence("lock", 5))));
    put(B, fenced, accepted(9, B, "v3", Fences.NONE.with(new Fence("lock", 7))));

    PaxosHandover.Outcome outcome =
        handOver(transfer(TokenRange.full(), A, B), PaxosHandover.Direction.PUSH);

    assertThat(outcome.failureOrNull()).isNull();
    assertThat(outcome.statesSent()).isEqualTo(2);
    assertThat(outcome.statesReceived()).isZero();
    assertThat(read(A, fenced).orElseThrow().fences().tokenOf("lock")).isEqualTo(6);
    assertThat(read(B, fenced).orElseThrow().fences().tokenOf("lock")).isEqualTo(7);
    assertThat(read(GAINER, fenced).orElseThrow().fences().tokenOf("lock")).isEqualTo(6);
  }

  @Test
  void everyKeyOfARangeIsHandedOverAcrossManyPages() {
    int keys = 10_000; // more than two pages of AcceptorStates.PAGE_STATES_MAX
    for (int i = 0; i < keys; i++) {
      put(A, key("k" + i), AcceptorState.EMPTY.promising(ballot(i + 1, A)));
    }
    TokenRange wrapping = new TokenRange(Long.MAX_VALUE / 2, Long.MIN_VALUE / 2);
    int inRange = 0;
    for (int i = 0; i < keys; i++) {
      inRange += wrapping.contains(Murmur3Partitioner.INSTANCE.token(key("k" + i))) ? 1 : 0;
    }

    PaxosHandover.Outcome whole =
        handOver(transfer(TokenRange.full(), A), PaxosHandover.Direction.PULL);
    PaxosHandover.Outcome part = handOver(transfer(wrapping, A), PaxosHandover.Direction.PULL);
    PaxosHandover.Outcome pushed = handOver(transfer(wrapping, B), PaxosHandover.Direction.PUSH);

    assertThat(whole.failureOrNull()).isNull();
    assertThat(whole.statesReceived()).isEqualTo(keys);
    assertThat(part.statesReceived()).isEqualTo(inRange);
    assertThat(pushed.statesSent()).isEqualTo(inRange);
    for (int i = 0; i < keys; i++) {
      byte[] key = key("k" + i);
      assertThat(read(GAINER, key).orElseThrow().promiseOrNull()).isEqualTo(ballot(i + 1, A));
      assertThat(read(B, key).isPresent()).isEqualTo(wrapping.contains(token(key)));
    }
  }

  @Test
  void aSilentPeerFailsTheHandoverAtItsTimeoutNamingThePeer() {
    put(A, key("k"), AcceptorState.EMPTY.promising(ballot(1, A)));
    network.silence(A);
    List<PaxosHandover.Outcome> outcomes = new ArrayList<>();

    handover()
        .handOver(
            List.of(transfer(TokenRange.full(), A)), PaxosHandover.Direction.PULL, outcomes::add);
    network.runUntilQuiescent();
    assertThat(outcomes).isEmpty();
    scheduler.advance(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);

    assertThat(outcomes).hasSize(1);
    assertThat(outcomes.get(0).failureOrNull()).contains("node-1").contains("did not answer");
  }

  @Test
  void aPeerThatRefusesFailsTheHandoverWithItsReason() {
    NodeId busy = NodeId.of("node-3");
    network.register(
        busy,
        (source, request, respond) ->
            respond.accept(ErrorResponse.of(ErrorCode.OVERLOADED, "busy; retry later")));

    PaxosHandover.Outcome outcome =
        handOver(transfer(TokenRange.full(), A, busy), PaxosHandover.Direction.PULL);

    assertThat(outcome.failureOrNull()).contains("node-3 refused").contains("busy; retry later");
  }

  private PaxosHandover.Outcome handOver(
      RangeTransfers.Transfer transfer, PaxosHandover.Direction direction) {
    List<PaxosHandover.Outcome> outcomes = new ArrayList<>();
    handover().handOver(List.of(transfer), direction, outcomes::add);
    network.runUntilQuiescent();
    assertThat(outcomes).hasSize(1);
    return outcomes.get(0);
  }

  private PaxosHandover handover() {
    return new PaxosHandover(
        states.get(GAINER), network.transport(GAINER), scheduler, Runnable::run, TIMEOUT_NANOS);
  }

  private static RangeTransfers.Transfer transfer(TokenRange range, NodeId... peers) {
    return new RangeTransfers.Transfer(range, List.of(peers));
  }

  private void put(NodeId node, byte[] key, AcceptorState state) {
    acceptors.get(node).merge(key, state, mustComplete());
  }

  /** The state {@code node} holds of {@code key}; empty if none. */
  private Optional<AcceptorState> read(NodeId node, byte[] key) {
    return states.get(node).pageOf(new TokenRange(token(key) - 1, token(key))).states().stream()
        .filter(entry -> Arrays.equals(entry.key(), key))
        .findFirst()
        .map(AcceptorEntry::state);
  }

  private static long token(byte[] key) {
    return Murmur3Partitioner.INSTANCE.token(key);
  }

  private static AcceptorState accepted(long round, NodeId proposer, String value, Fences fences) {
    Versioned version =
        Versioned.of(VectorClock.empty().increment(proposer, round, 8), 1, bytes(value));
    return new AcceptorState(
        ballot(round, proposer), ballot(round, proposer), version, new long[] {round}, fences);
  }

  private static Ballot ballot(long round, NodeId proposer) {
    return new Ballot(round, proposer);
  }

  private static InMemoryStorageEngine engine() {
    return new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults());
  }

  private static byte[] key(String name) {
    return bytes(name);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static PutCallback mustComplete() {
    return new PutCallback() {
      @Override
      public void completed(PutOutcome outcome) {}

      @Override
      public void failed(RuntimeException failure) {
        throw new AssertionError("a merge failed", failure);
      }
    };
  }
}
