package io.ringstore.core.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.storage.log.LogStorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import io.ringstore.core.storage.log.StorageEnvironment;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.AcceptorState;
import io.ringstore.core.wire.Ballot;
import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.Fences;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.PaxosAccepted;
import io.ringstore.core.wire.PaxosCommit;
import io.ringstore.core.wire.PaxosPrepare;
import io.ringstore.core.wire.PaxosPromise;
import io.ringstore.core.wire.PaxosPropose;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaxosAcceptorTest {
  private static final byte[] KEY = "account".getBytes(StandardCharsets.UTF_8);
  private static final NodeId P1 = NodeId.of("node-1");
  private static final NodeId P2 = NodeId.of("node-2");

  private final ManualClock clock = new ManualClock(1_700_000_000_000L);
  private final StorageEngine data =
      new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults());

  @TempDir Path directory;
  private LogStorageEngine paxosEngine;

  @AfterEach
  void close() {
    if (paxosEngine != null) {
      paxosEngine.close();
    }
  }

  @Test
  void promisesAHigherBallotWithWhatItAcceptedAndStores() {
    PaxosAcceptor acceptor = inMemory();
    Versioned stored = version("v0", 1);
    data.put(KEY, stored);
    assertThat(propose(acceptor, ballot(3, P1), version("v1", 3)).accepted()).isTrue();

    PaxosPromise promise = prepare(acceptor, ballot(5, P2));

    assertThat(promise.promised()).isTrue();
    assertThat(promise.promise()).isEqualTo(ballot(5, P2));
    assertThat(promise.acceptedBallotOrNull()).isEqualTo(ballot(3, P1));
    assertThat(promise.acceptedOrNull()).isEqualTo(version("v1", 3));
    assertThat(promise.writeIds()).containsExactly(77L);
    assertThat(promise.stored()).containsExactly(stored);
  }

  @Test
  void refusesABallotNotAboveOnePromisedOrAcceptedNamingTheHigher() {
    PaxosAcceptor acceptor = inMemory();
    assertThat(prepare(acceptor, ballot(5, P2)).promised()).isTrue();

    PaxosPromise lower = prepare(acceptor, ballot(4, P1));
    PaxosPromise equal = prepare(acceptor, ballot(5, P2));
    PaxosPromise sameRoundLowerNode = prepare(acceptor, ballot(5, P1));

    assertThat(List.of(lower, equal, sameRoundLowerNode))
        .allSatisfy(
            refusal -> {
              assertThat(refusal.promised()).isFalse();
              assertThat(refusal.promise()).isEqualTo(ballot(5, P2));
            });
  }

  @Test
  void acceptsAtThePromisedBallotAndRefusesBelowIt() {
    PaxosAcceptor acceptor = inMemory();
    prepare(acceptor, ballot(5, P2));

    PaxosAccepted below = propose(acceptor, ballot(4, P1), version("v1", 4));
    PaxosAccepted at = propose(acceptor, ballot(5, P2), version("v2", 5));
    PaxosAccepted again = propose(acceptor, ballot(5, P2), version("v2", 5));
    PaxosAccepted otherValueSameBallot = propose(acceptor, ballot(5, P2), version("v3", 6));

    assertThat(below.accepted()).isFalse();
    assertThat(below.promise()).isEqualTo(ballot(5, P2));
    assertThat(at.accepted()).isTrue();
    assertThat(again.accepted()).as("a duplicate of the proposal accepted last").isTrue();
    assertThat(otherValueSameBallot.accepted()).isFalse();
  }

  @Test
  void aDuplicateOfTheLastAcceptedProposalIsRefusedOnceAHigherBallotWasPromised() {
    PaxosAcceptor acceptor = inMemory();
    assertThat(propose(acceptor, ballot(3, P1), version("v1", 3)).accepted()).isTrue();
    PaxosAccepted again = propose(acceptor, ballot(3, P1), version("v1", 3));
    assertThat(prepare(acceptor, ballot(9, P2)).promised()).isTrue();

    PaxosAccepted duplicate = propose(acceptor, ballot(3, P1), version("v1", 3));
    PaxosAccepted lower = propose(acceptor, ballot(4, P1), version("v2", 4));

    assertThat(again.accepted()).as("a duplicate before any higher promise").isTrue();
    assertThat(duplicate.accepted())
        .as("after a higher promise: the first copy's answer stands, a second is not given")
        .isFalse();
    assertThat(duplicate.promise()).isEqualTo(ballot(9, P2));
    assertThat(lower.accepted()).isFalse();
    assertThat(lower.promise()).isEqualTo(ballot(9, P2));
    assertThat(prepare(acceptor, ballot(10, P1)).acceptedBallotOrNull()).isEqualTo(ballot(3, P1));
  }

  /**
   * A proposal that came by a merge, below a ballot promised before it came, is never acknowledged:
   * the acceptor promised that ballot reporting nothing accepted, so the proposal's proposer must
   * not count its vote (it could then be chosen beside the higher ballot's value).
   */
  @Test
  void aProposalMergedInBelowAPromiseIsNotAcknowledgedWhenItsProposerSendsIt() {
    PaxosAcceptor acceptor = inMemory();
    assertThat(prepare(acceptor, ballot(5, P1)).promised()).isTrue();
    PaxosPromise higher = prepare(acceptor, ballot(8, P2));
    assertThat(higher.acceptedBallotOrNull()).isNull();
    AcceptorState elsewhere =
        AcceptorState.EMPTY.accepting(
            new PaxosPropose(KEY, ballot(5, P1), version("v5", 5), new long[] {5}, Fences.NONE));
    acceptor.merge(KEY, elsewhere, callbackInto(new ArrayList<>()));

    PaxosAccepted delayed = propose(acceptor, ballot(5, P1), version("v5", 5));

    assertThat(delayed.accepted()).isFalse();
    assertThat(delayed.promise()).isEqualTo(ballot(8, P2));
  }

  @Test
  void aProposalThatTheKeyHasNoVersionIsAcceptedAndReported() {
    PaxosAcceptor acceptor = inMemory();

    assertThat(propose(acceptor, ballot(2, P1), null).accepted()).isTrue();
    PaxosPromise promise = prepare(acceptor, ballot(3, P2));

    assertThat(promise.acceptedBallotOrNull()).isEqualTo(ballot(2, P1));
    assertThat(promise.acceptedOrNull()).isNull();
  }

  @Test
  void aCommitStoresTheVersionAsTheKeysData() {
    ReplicaService replica = new ReplicaService(data, Runnable::run, null, inMemory());
    Versioned chosen = version("v1", 4);

    List<Response> answers = new ArrayList<>();
    replica.paxosCommit(new PaxosCommit(KEY, chosen), answers::add);

    assertThat(answers).containsExactly(ReplicaPutResponse.of(true));
    assertThat(data.get(KEY)).containsExactly(chosen);
  }

  @Test
  void promisesAndAcceptsSurviveARestartOfTheEngine() {
    PaxosAcceptor before = durable(PaxosAcceptor.Promises.DURABLE);
    propose(before, ballot(3, P1), version("v1", 3));
    prepare(before, ballot(9, P2));

    PaxosAcceptor after = durable(PaxosAcceptor.Promises.DURABLE);

    assertThat(propose(after, ballot(4, P1), version("v2", 4)).accepted())
        .as("a proposal below the promise given before the restart")
        .isFalse();
    PaxosPromise promise = prepare(after, ballot(10, P2));
    assertThat(promise.acceptedBallotOrNull()).isEqualTo(ballot(3, P1));
    assertThat(promise.acceptedOrNull()).isEqualTo(version("v1", 3));
  }

  @Test
  void theBiteProofsForgetfulAcceptorAcceptsBelowAPromiseItGaveBeforeItsRestart() {
    PaxosAcceptor before = durable(PaxosAcceptor.Promises.FORGOTTEN_AT_RESTART);
    prepare(before, ballot(9, P2));
    assertThat(propose(before, ballot(4, P1), version("v1", 4)).accepted()).isFalse();

    PaxosAcceptor after = durable(PaxosAcceptor.Promises.FORGOTTEN_AT_RESTART);

    assertThat(propose(after, ballot(4, P1), version("v1", 4)).accepted()).isTrue();
  }

  @Test
  void theStoredFormReadsBackWhatWasWritten() {
    AcceptorState state =
        new AcceptorState(
            ballot(9, P2),
            ballot(3, P1),
            version("v1", 3),
            new long[] {1, -5},
            Fences.NONE.with(new Fence("lock", 12)));

    AcceptorState read = AcceptorState.decode(state.encode());

    assertThat(read.promiseOrNull()).isEqualTo(state.promiseOrNull());
    assertThat(read.acceptedBallotOrNull()).isEqualTo(state.acceptedBallotOrNull());
    assertThat(read.acceptedOrNull()).isEqualTo(state.acceptedOrNull());
    assertThat(read.writeIds()).containsExactly(1, -5);
    assertThat(read.fences()).isEqualTo(state.fences());
    assertThat(AcceptorState.decode(AcceptorState.EMPTY.encode()).promiseOrNull()).isNull();
  }

  @Test
  void aMergeKeepsTheHigherPromiseAndTheProposalAcceptedUnderTheHigherBallot() {
    AcceptorState sawTheFence =
        new AcceptorState(
            ballot(8, P1),
            ballot(8, P1),
            version("v2", 8),
            new long[] {2},
            Fences.NONE.with(new Fence("lock", 6)));
    AcceptorState promisedLater =
        new AcceptorState(
            ballot(9, P2),
            ballot(5, P2),
            version("v1", 5),
            new long[] {1},
            Fences.NONE.with(new Fence("lock", 5)));

    AcceptorState merged = promisedLater.mergedWith(sawTheFence);
    AcceptorState other = sawTheFence.mergedWith(promisedLater);

    assertThat(merged.promiseOrNull()).isEqualTo(ballot(9, P2));
    assertThat(merged.acceptedBallotOrNull()).isEqualTo(ballot(8, P1));
    assertThat(merged.acceptedOrNull()).isEqualTo(version("v2", 8));
    assertThat(merged.writeIds()).containsExactly(2);
    assertThat(merged.fences().tokenOf("lock")).isEqualTo(6);
    assertThat(other.encode()).isEqualTo(merged.encode());
    assertThat(merged.mergedWith(merged).encode()).isEqualTo(merged.encode());
    assertThat(AcceptorState.EMPTY.mergedWith(sawTheFence).encode())
        .isEqualTo(sawTheFence.encode());
    assertThat(sawTheFence.mergedWith(AcceptorState.EMPTY).encode())
        .isEqualTo(sawTheFence.encode());
  }

  @Test
  void aMergedStateIsDurableAndRefusesWhatItsSourceRefused() {
    PaxosAcceptor acceptor = durable(PaxosAcceptor.Promises.DURABLE);
    AcceptorState source =
        new AcceptorState(
            ballot(7, P2), ballot(7, P2), version("v", 7), new long[] {9}, Fences.NONE);
    List<PutOutcome> merged = new ArrayList<>();
    acceptor.merge(KEY, source, callbackInto(merged));
    assertThat(merged).hasSize(1);

    PaxosAcceptor restarted = durable(PaxosAcceptor.Promises.DURABLE);

    assertThat(prepare(restarted, ballot(6, P1)).promised()).isFalse();
    PaxosPromise promise = prepare(restarted, ballot(8, P1));
    assertThat(promise.acceptedBallotOrNull()).isEqualTo(ballot(7, P2));
    assertThat(promise.acceptedOrNull()).isEqualTo(version("v", 7));
    assertThat(promise.writeIds()).containsExactly(9);
  }

  private static PutCallback callbackInto(List<PutOutcome> outcomes) {
    return new PutCallback() {
      @Override
      public void completed(PutOutcome outcome) {
        outcomes.add(outcome);
      }

      @Override
      public void failed(RuntimeException failure) {
        throw new AssertionError("the merge failed", failure);
      }
    };
  }

  @Test
  void aStoredFormOfAnotherFormatIsRefusedByName() {
    byte[] bytes = AcceptorState.EMPTY.encode();
    bytes[0] = 9;

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AcceptorState.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9");
  }

  private PaxosAcceptor inMemory() {
    StorageEngine engine =
        new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults());
    return new PaxosAcceptor(new PaxosStore(engine, clock), data);
  }

  /** An acceptor over a log engine in the temporary directory, reopened (a restart) each call. */
  private PaxosAcceptor durable(PaxosAcceptor.Promises promises) {
    if (paxosEngine != null) {
      paxosEngine.close();
    }
    paxosEngine =
        LogStorageEngine.open(
            LogStorageOptions.defaults(directory).withFsyncPolicy(FsyncPolicy.ALWAYS),
            new StorageEnvironment(clock, new ManualScheduler(clock), Runnable::run));
    return new PaxosAcceptor(new PaxosStore(paxosEngine, clock), data, promises);
  }

  private static Ballot ballot(long round, NodeId proposer) {
    return new Ballot(round, proposer);
  }

  private static Versioned version(String value, long counter) {
    return Versioned.of(
        VectorClock.empty().successor(P1, counter, 1_000, 8),
        1_000,
        value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aStateStoredBeforeTransactionsExistedReadsWithNoIntent() {
    AcceptorState state =
        new AcceptorState(
            ballot(9, P2),
            ballot(3, P1),
            version("v1", 3),
            new long[] {4},
            Fences.NONE.with(new Fence("l", 2)));
    byte[] current = state.encode();
    byte[] formatTwo = Arrays.copyOf(current, current.length - 1); // no intent
    formatTwo[0] = 2;

    AcceptorState read = AcceptorState.decode(formatTwo);

    assertThat(read.fences()).isEqualTo(state.fences());
    assertThat(read.intentOrNull()).isNull();
    assertThat(read.acceptedOrNull()).isEqualTo(state.acceptedOrNull());
  }

  @Test
  void anAcceptedIntentIsKeptDurablyAndFoundAgainAfterARestart() {
    PaxosAcceptor before = durable(PaxosAcceptor.Promises.DURABLE);
    Intent intent = new Intent(new TransactionId(1, 2), 5, Intent.Kind.PUT, new byte[] {9});
    assertThat(prepare(before, ballot(5, P1)).promised()).isTrue();
    List<Response> answers = new ArrayList<>();
    before.propose(
        new PaxosPropose(KEY, ballot(5, P1), null, new long[0], Fences.NONE, intent), answers::add);
    assertThat(((PaxosAccepted) answers.get(0)).accepted()).isTrue();
    assertThat(before.intents()).containsOnlyKeys(ByteBuffer.wrap(KEY));

    PaxosAcceptor after = durable(PaxosAcceptor.Promises.DURABLE);

    assertThat(after.intents()).as("found by the scan at startup").containsValue(intent);
    assertThat(prepare(after, ballot(6, P2)).intentOrNull()).isEqualTo(intent);
    List<Response> resolved = new ArrayList<>();
    after.propose(
        new PaxosPropose(KEY, ballot(6, P2), null, new long[0], Fences.NONE), resolved::add);
    assertThat(after.intents()).as("a proposal without it ends it").isEmpty();
  }

  private static PaxosPromise prepare(PaxosAcceptor acceptor, Ballot ballot) {
    List<Response> answers = new ArrayList<>();
    acceptor.prepare(new PaxosPrepare(KEY, ballot), answers::add);
    assertThat(answers).hasSize(1);
    return (PaxosPromise) answers.get(0);
  }

  @Test
  void aStateStoredBeforeFencesExistedReadsWithNone() {
    AcceptorState state =
        new AcceptorState(
            ballot(9, P2), ballot(3, P1), version("v1", 3), new long[] {4}, Fences.NONE);
    byte[] current = state.encode();
    byte[] formatOne = Arrays.copyOf(current, current.length - 2); // no fences, no intent
    formatOne[0] = 1;

    AcceptorState read = AcceptorState.decode(formatOne);

    assertThat(current[0]).isEqualTo((byte) 3);
    assertThat(read.acceptedOrNull()).isEqualTo(state.acceptedOrNull());
    assertThat(read.writeIds()).containsExactly(4);
    assertThat(read.fences()).isEqualTo(Fences.NONE);
  }

  private static PaxosAccepted propose(PaxosAcceptor acceptor, Ballot ballot, Versioned proposal) {
    List<Response> answers = new ArrayList<>();
    acceptor.propose(
        new PaxosPropose(KEY, ballot, proposal, new long[] {77}, Fences.NONE), answers::add);
    assertThat(answers).hasSize(1);
    return (PaxosAccepted) answers.get(0);
  }
}
