package io.ringstore.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.ConditionalSettings.TransactionRule;
import io.ringstore.core.testing.InMemoryCluster;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionId;
import io.ringstore.core.wire.TransactionRequest;
import io.ringstore.core.wire.TransactionResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions on three in-memory nodes: commits, conflicts, and intents left by a coordinator that
 * stopped, resolved by whoever meets them.
 */
class TransactionsTest {
  private static final byte[] A = bytes("account-a");
  private static final byte[] B = bytes("account-b");

  private InMemoryCluster cluster;
  private NodeId node;
  private final Random random = new Random(7);

  @BeforeEach
  void setUp() {
    cluster = InMemoryCluster.threeNodes(11);
    node = cluster.node(0);
  }

  @Test
  void aTransferCommitsBothWritesAndLeavesNoIntent() {
    put(A, "100");
    put(B, "0");
    Versioned a = read(A);
    Versioned b = read(B);

    Response answer = commit(write(A, a, "70"), write(B, b, "30"));

    assertThat(answer).isEqualTo(TransactionResponse.committed());
    assertThat(value(read(A))).isEqualTo("70");
    assertThat(value(read(B))).isEqualTo("30");
    assertThat(compareAndSet(A, "70", "71")).isInstanceOf(ConditionalResponse.class);
    assertThat(compareAndSet(B, "30", "31")).isInstanceOf(ConditionalResponse.class);
  }

  @Test
  void aKeyChangedSinceItWasReadAbortsTheWholeTransaction() {
    put(A, "100");
    put(B, "0");
    Versioned a = read(A);
    Versioned b = read(B);
    putOver(A, a, "90");

    Response answer = commit(write(A, a, "70"), write(B, b, "30"));

    assertThat(answer).isInstanceOf(TransactionResponse.class);
    TransactionResponse conflict = (TransactionResponse) answer;
    assertThat(conflict.outcome()).isEqualTo(TransactionResponse.Outcome.CONFLICT);
    assertThat(conflict.detail()).contains("'account-a' changed since the transaction read it");
    assertThat(value(read(A))).isEqualTo("90");
    assertThat(value(read(B))).isEqualTo("0");
    ConditionalResponse freed = (ConditionalResponse) compareAndSet(B, "0", "1");
    assertThat(freed.applied()).as("B's intent was dropped").isTrue();
  }

  @Test
  void aKeyOnlyReadThatChangedAbortsTheTransactionToo() {
    put(A, "100");
    put(B, "0");
    Versioned a = read(A);
    Versioned b = read(B);
    putOver(B, b, "5");

    Response answer = commit(write(A, a, "70"), TransactionRequest.Key.read(B, b.clock()));

    assertThat(((TransactionResponse) answer).outcome())
        .isEqualTo(TransactionResponse.Outcome.CONFLICT);
    assertThat(value(read(A))).isEqualTo("100");
  }

  @Test
  void aKeyReadAsNeverWrittenIsCheckedAsSuch() {
    Response first =
        commit(new TransactionRequest.Key(A, VectorClock.empty(), Intent.Kind.PUT, bytes("first")));
    Response second =
        commit(
            new TransactionRequest.Key(A, VectorClock.empty(), Intent.Kind.PUT, bytes("second")));

    assertThat(first).isEqualTo(TransactionResponse.committed());
    assertThat(((TransactionResponse) second).outcome())
        .isEqualTo(TransactionResponse.Outcome.CONFLICT);
    assertThat(value(read(A))).isEqualTo("first");
  }

  @Test
  void aDeleteInATransactionLeavesATombstone() {
    put(A, "100");
    Versioned a = read(A);

    Response answer = commit(new TransactionRequest.Key(A, a.clock(), Intent.Kind.DELETE, null));

    assertThat(answer).isEqualTo(TransactionResponse.committed());
    assertThat(read(A).isTombstone()).isTrue();
  }

  @Test
  void aConditionalWriteToAKeyHeldByALiveTransactionIsAConflictUntilTheResolveTimeout() {
    put(A, "100");
    TransactionId orphan = TransactionId.random(random);
    placeIntent(A, new Intent(orphan, cluster.clock().wallMillis(), Intent.Kind.PUT, bytes("7")));

    Response whileYoung = compareAndSet(A, "100", "101");
    cluster.advanceMillis(Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT);
    Response whenOld = compareAndSet(A, "100", "101");

    assertThat(whileYoung).isInstanceOf(ErrorResponse.class);
    assertThat(((ErrorResponse) whileYoung).code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(((ErrorResponse) whileYoung).message()).contains(orphan.toString());
    assertThat(((ConditionalResponse) whenOld).applied())
        .as("applied once the node aborted the transaction that had held the key too long")
        .isTrue();
    assertThat(value(read(A))).isEqualTo("101");
    assertThat(recordOf(orphan)).isEqualTo(TransactionRecord.State.ABORTED);
  }

  @Test
  void anAbortedTransactionsCoordinatorCannotCommitItAfterwards() {
    put(A, "100");
    Versioned a = read(A);
    TransactionId id = TransactionId.random(random);
    placeIntent(A, new Intent(id, cluster.clock().wallMillis(), Intent.Kind.PUT, bytes("7")));
    cluster.advanceMillis(Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT);
    // meets the old intent: aborts the record, drops the intent, and applies
    assertThat(((ConditionalResponse) compareAndSet(A, "100", "101")).applied()).isTrue();

    Response late =
        cluster.call(
            node,
            new TransactionRequest(
                id,
                List.of(new TransactionRequest.Key(A, a.clock(), Intent.Kind.PUT, bytes("7"))),
                0));

    assertThat(((TransactionResponse) late).outcome())
        .isEqualTo(TransactionResponse.Outcome.CONFLICT);
    assertThat(value(read(A))).isEqualTo("101");
  }

  @Test
  void theIntentOfACommittedTransactionIsAppliedByWhoeverMeetsIt() {
    put(A, "100");
    TransactionId committed = TransactionId.random(random);
    placeIntent(
        A, new Intent(committed, cluster.clock().wallMillis(), Intent.Kind.PUT, bytes("70")));
    writeRecord(committed, TransactionRecord.State.COMMITTED);

    Response met = compareAndSet(A, "70", "71");

    assertThat(((ConditionalResponse) met).applied())
        .as("the conditional write runs again once it applied the committed intent")
        .isTrue();
    assertThat(value(read(A))).isEqualTo("71");
  }

  @Test
  void aResolverThatAbortsCommittedTransactionsLosesTheirWrite() {
    cluster
        .coordinator(node)
        .withConditionalSettings(
            ConditionalSettings.sound(new Random(3))
                .withTransactions(TransactionRule.RESOLVER_ABORTS_COMMITTED));
    put(A, "100");
    TransactionId committed = TransactionId.random(random);
    placeIntent(
        A, new Intent(committed, cluster.clock().wallMillis(), Intent.Kind.PUT, bytes("70")));
    writeRecord(committed, TransactionRecord.State.COMMITTED);

    compareAndSet(A, "70", "71");

    assertThat(value(read(A))).as("the broken resolver dropped a committed write").isEqualTo("100");
  }

  @Test
  void aTransactionBlockedByAnotherConflictsAndResolvesTheOtherOnceItIsOld() {
    put(A, "100");
    Versioned a = read(A);
    TransactionId other = TransactionId.random(random);
    placeIntent(A, new Intent(other, cluster.clock().wallMillis(), Intent.Kind.READ, null));

    Response young = commit(write(A, a, "70"));
    cluster.advanceMillis(Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT);
    Response old = commit(write(A, a, "70"));
    Response retried = commit(write(A, a, "70"));

    assertThat(((TransactionResponse) young).detail()).contains("held by transaction " + other);
    assertThat(((TransactionResponse) old).outcome())
        .isEqualTo(TransactionResponse.Outcome.CONFLICT);
    assertThat(retried).isEqualTo(TransactionResponse.committed());
    assertThat(value(read(A))).isEqualTo("70");
  }

  @Test
  void anIntentNoOneMeetsIsResolvedByTheSweeperOfAReplicaThatHoldsIt() {
    put(A, "100");
    TransactionId orphan = TransactionId.random(random);
    placeIntent(A, new Intent(orphan, cluster.clock().wallMillis(), Intent.Kind.PUT, bytes("7")));
    NodeId replica = cluster.node(1);
    assertThat(cluster.acceptor(replica).intents()).hasSize(1);
    cluster.coordinator(replica).intentSweeper(cluster.acceptor(replica)::intents).start();

    cluster.advanceMillis(Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT / 2);
    assertThat(cluster.acceptor(replica).intents()).as("young: left alone").hasSize(1);
    for (int i = 0; i < 4; i++) {
      cluster.advanceMillis(Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT / 2);
    }

    assertThat(cluster.acceptor(replica).intents()).isEmpty();
    assertThat(recordOf(orphan)).isEqualTo(TransactionRecord.State.ABORTED);
    assertThat(((ConditionalResponse) compareAndSet(A, "100", "101")).applied()).isTrue();
  }

  @Test
  void anOlderTransactionWaitsForAYoungerHolderAndAYoungerOneGivesUp() {
    put(A, "100");
    Versioned a = read(A);
    long now = cluster.clock().wallMillis();
    TransactionId younger = TransactionId.random(random);
    placeIntent(A, new Intent(younger, now, now, Intent.Kind.READ, null));

    InMemoryCluster.Call older =
        cluster.send(
            node,
            new TransactionRequest(
                TransactionId.random(random), List.of(write(A, a, "70")), now - 1_000, 0));
    for (int i = 0; i < 20; i++) {
      cluster.advanceMillis(5);
    }
    assertThat(older.isDone()).as("the older one waits while the younger holds the key").isFalse();
    writeRecord(younger, TransactionRecord.State.ABORTED);
    for (int i = 0; i < 20 && !older.isDone(); i++) {
      cluster.advanceMillis(5);
    }

    assertThat(older.response()).isEqualTo(TransactionResponse.committed());
    assertThat(value(read(A))).isEqualTo("70");

    TransactionId oldest = TransactionId.random(random);
    placeIntent(A, new Intent(oldest, now, now - 5_000, Intent.Kind.READ, null));
    Response youngest =
        cluster.call(
            node,
            new TransactionRequest(
                TransactionId.random(random), List.of(write(A, read(A), "1")), now, 0));
    assertThat(((TransactionResponse) youngest).detail()).contains("held by transaction " + oldest);
  }

  @Test
  void aLateCopyOfACommittedTransactionAnswersCommittedAndWritesNothingAgain() {
    put(A, "100");
    TransactionRequest transfer =
        new TransactionRequest(TransactionId.random(random), List.of(write(A, read(A), "70")), 0);
    assertThat(cluster.call(node, transfer)).isEqualTo(TransactionResponse.committed());
    assertThat(commit(write(A, read(A), "50"))).isEqualTo(TransactionResponse.committed());

    InMemoryCluster.Call copy = cluster.send(cluster.node(2), transfer);
    for (int i = 0; i < 100 && !copy.isDone(); i++) {
      cluster.advanceMillis(10);
    }
    Response late = copy.response();

    assertThat(late).isEqualTo(TransactionResponse.committed());
    assertThat(value(read(A))).as("the later transaction's write stands").isEqualTo("50");
  }

  @Test
  void aSerialReadSeesACommittedWriteWhoseIntentWasNotAppliedYet() {
    put(A, "100");
    TransactionId committed = TransactionId.random(random);
    placeIntent(
        A, new Intent(committed, cluster.clock().wallMillis(), Intent.Kind.PUT, bytes("70")));
    writeRecord(committed, TransactionRecord.State.COMMITTED);

    Response serial = cluster.call(node, ConditionalRequest.serialRead(A, 0));

    assertThat(new String(((ConditionalResponse) serial).valueOrNull(), StandardCharsets.UTF_8))
        .isEqualTo("70");
  }

  @Test
  void aSerialReadOverAPendingIntentReadsTheValueBeforeIt() {
    put(A, "100");
    TransactionId pending = TransactionId.random(random);
    placeIntent(A, new Intent(pending, cluster.clock().wallMillis(), Intent.Kind.PUT, bytes("70")));

    Response serial = cluster.call(node, ConditionalRequest.serialRead(A, 0));

    assertThat(new String(((ConditionalResponse) serial).valueOrNull(), StandardCharsets.UTF_8))
        .isEqualTo("100");
    assertThat(recordOf(pending)).isEqualTo(TransactionRecord.State.PENDING);
  }

  @Test
  void aReadOnlyTransactionCommitsAndFreesItsKeys() {
    put(A, "100");
    Versioned a = read(A);

    Response answer = commit(TransactionRequest.Key.read(A, a.clock()));

    assertThat(answer).isEqualTo(TransactionResponse.committed());
    assertThat(((ConditionalResponse) compareAndSet(A, "100", "1")).applied()).isTrue();
  }

  @Test
  void badTransactionsAreRefusedWithWhatToDo() {
    TransactionId id = TransactionId.random(random);
    List<TransactionRequest.Key> many = new ArrayList<>();
    for (int i = 0; i <= TransactionRequest.KEYS_MAX; i++) {
      many.add(TransactionRequest.Key.read(bytes("k" + i), VectorClock.empty()));
    }
    TransactionRequest.Key once = TransactionRequest.Key.read(A, VectorClock.empty());
    TransactionRequest.Key big =
        new TransactionRequest.Key(
            A, VectorClock.empty(), Intent.Kind.PUT, new byte[3 * 1024 * 1024]);
    TransactionRequest.Key bigger =
        new TransactionRequest.Key(
            B, VectorClock.empty(), Intent.Kind.PUT, new byte[2 * 1024 * 1024]);

    assertThatThrownBy(() -> new TransactionRequest.Key(A, null, Intent.Kind.PUT, bytes("v")))
        .as("a blind write would let a late copy of a committed commit write again")
        .hasMessageContaining("readClock");
    assertThatThrownBy(() -> new TransactionRequest(id, many, 0))
        .hasMessageContaining("1 to " + TransactionRequest.KEYS_MAX + " keys; split it");
    assertThatThrownBy(() -> new TransactionRequest(id, List.of(once, once), 0))
        .hasMessageContaining("names a key twice");
    assertThatThrownBy(() -> new TransactionRequest(id, List.of(big, bigger), 0))
        .hasMessageContaining("exceeds the maximum " + TransactionRequest.BYTES_MAX);
    assertThatThrownBy(
            () ->
                new TransactionRequest(
                    id,
                    List.of(TransactionRequest.Key.read(id.recordKey(), VectorClock.empty())),
                    0))
        .hasMessageContaining("0x00 'txn:'");
    Response plainWriteToARecord =
        cluster.call(
            node,
            new PutRequest(
                id.recordKey(), bytes("C"), VectorClock.empty(), Consistency.nodeDefault(), 0));
    assertThat(((ErrorResponse) plainWriteToARecord).code()).isEqualTo(ErrorCode.BAD_REQUEST);
  }

  private Response commit(TransactionRequest.Key... keys) {
    return cluster.call(
        node, new TransactionRequest(TransactionId.random(random), List.of(keys), 0));
  }

  private static TransactionRequest.Key write(byte[] key, Versioned read, String value) {
    return new TransactionRequest.Key(key, read.clock(), Intent.Kind.PUT, bytes(value));
  }

  /** Places {@code intent} on {@code key} as a coordinator would, and never resolves it. */
  private void placeIntent(byte[] key, Intent intent) {
    Response answer = update(key, new IntentUpdates.Prepare(intent, null, TransactionRule.SOUND));
    assertThat(answer).isInstanceOf(ConditionalResponse.class);
  }

  private void writeRecord(TransactionId id, TransactionRecord.State state) {
    assertThat(update(id.recordKey(), new TransactionRecord.Update(state)))
        .isInstanceOf(ConditionalResponse.class);
  }

  private TransactionRecord.State recordOf(TransactionId id) {
    TransactionRecord.Update read = new TransactionRecord.Update(TransactionRecord.State.PENDING);
    update(id.recordKey(), read);
    return read.state();
  }

  private Response update(byte[] key, RegisterUpdate update) {
    AtomicReference<Response> answer = new AtomicReference<>();
    cluster.coordinator(node).updateRegister(key, 0, update, 0, answer::set);
    cluster.network().runUntil(() -> answer.get() != null);
    return answer.get();
  }

  private Response compareAndSet(byte[] key, String expected, String value) {
    return cluster.call(
        node,
        ConditionalRequest.compareAndSet(key, bytes(expected), bytes(value), random.nextLong(), 0));
  }

  private void put(byte[] key, String value) {
    assertThat(
            cluster.call(
                node,
                new PutRequest(
                    key, bytes(value), VectorClock.empty(), Consistency.nodeDefault(), 0)))
        .isInstanceOf(PutResponse.class);
  }

  private void putOver(byte[] key, Versioned read, String value) {
    assertThat(
            cluster.call(
                node,
                new PutRequest(key, bytes(value), read.clock(), Consistency.nodeDefault(), 0)))
        .isInstanceOf(PutResponse.class);
  }

  private Versioned read(byte[] key) {
    GetResponse answer =
        (GetResponse) cluster.call(node, new GetRequest(key, Consistency.nodeDefault(), 0));
    assertThat(answer.versions()).hasSize(1);
    return answer.versions()[0];
  }

  private static String value(Versioned version) {
    return new String(version.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
