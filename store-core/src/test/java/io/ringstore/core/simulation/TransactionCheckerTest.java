package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The transaction checker on hand-written bank histories (two accounts of 100): a serial history
 * passes; an aborted write read, a lost write, a cycle of dependencies (write skew, a fractured
 * read), a snapshot that does not sum to the total and a negative balance are each flagged; a run
 * with a wiped disk, or without a commit, is not judged.
 */
class TransactionCheckerTest {
  private final History history = new History(List.of("k"), 3);
  private final BankHistory bank = history.bank();

  TransactionCheckerTest() {
    bank.opened(2, 100);
  }

  private CheckResult check() {
    return new TransactionChecker().check(history);
  }

  @Test
  void aRunWithoutACommitIsNotJudged() {
    txn("t1", BankHistory.Outcome.ABORTED, reads("a", "opening", 100), writes("a", 90));

    assertThat(check().applicable()).isFalse();
  }

  @Test
  void aSerialHistoryPasses() {
    txn(
        "t1",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("a", 70, "b", 130));
    txn(
        "t2",
        BankHistory.Outcome.ABORTED,
        reads("a", "opening", 100, "b", "t1", 130),
        writes("a", 0, "b", 230));
    txn(
        "t3",
        BankHistory.Outcome.UNKNOWN,
        reads("a", "t1", 70, "b", "t1", 130),
        writes("a", 60, "b", 140));
    txn("t4", BankHistory.Outcome.COMMITTED, reads("a", "t3", 60, "b", "t3", 140), writes());

    CheckResult result = check();

    assertThat(result.applicable()).isTrue();
    assertThat(result.violations()).isEmpty();
  }

  @Test
  void aReadOfAnAbortedWriteIsFlagged() {
    txn(
        "t1",
        BankHistory.Outcome.ABORTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("a", 70, "b", 130));
    txn("t2", BankHistory.Outcome.COMMITTED, reads("a", "t1", 70, "b", "opening", 100), writes());

    assertThat(check().violations()).anyMatch(v -> v.startsWith("an aborted transaction's write"));
  }

  @Test
  void twoCommitsReplacingOneVersionAreALostWrite() {
    txn(
        "t1",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("a", 70, "b", 130));
    txn(
        "t2",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "t1", 130),
        writes("a", 50, "b", 150));

    assertThat(check().violations()).anyMatch(v -> v.startsWith("a write is lost"));
  }

  @Test
  void aFracturedReadIsACycle() {
    txn(
        "t1",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("a", 70, "b", 130));
    // Reads t1's write of b but the version of a that t1 replaced: no serial order explains it.
    txn("t2", BankHistory.Outcome.COMMITTED, reads("a", "opening", 100, "b", "t1", 130), writes());

    assertThat(check().violations())
        .anyMatch(v -> v.startsWith("not serializable: 2 committed transactions"));
  }

  @Test
  void writeSkewIsACycle() {
    txn(
        "t1",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("a", 0));
    txn(
        "t2",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("b", 0));

    assertThat(check().violations()).anyMatch(v -> v.startsWith("not serializable"));
  }

  @Test
  void aSnapshotOffTheTotalAndANegativeBalanceAreFlagged() {
    txn(
        "t1",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("a", -10, "b", 130));
    txn("t2", BankHistory.Outcome.COMMITTED, reads("a", "t1", -10, "b", "t1", 130), writes());

    assertThat(check().violations())
        .anyMatch(v -> v.startsWith("a snapshot sums to 120, not 200"))
        .anyMatch(v -> v.startsWith("a negative balance was read"));
  }

  @Test
  void aCommittedWriteMissingFromTheFinalStateIsFlagged() {
    txn(
        "t1",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("a", 70, "b", 130));
    bank.finalRead("a", "opening", 100);
    bank.finalRead("b", "t1", 130);

    assertThat(check().violations())
        .anyMatch(v -> v.startsWith("a committed write is lost at the end: a"))
        .anyMatch(v -> v.startsWith("the accounts end with 230, not 200"));
  }

  @Test
  void aFinalStateHoldingTheLastCommittedWritesPasses() {
    txn(
        "t1",
        BankHistory.Outcome.COMMITTED,
        reads("a", "opening", 100, "b", "opening", 100),
        writes("a", 70, "b", 130));
    txn(
        "t2",
        BankHistory.Outcome.UNKNOWN,
        reads("a", "t1", 70, "b", "t1", 130),
        writes("a", 60, "b", 140));
    bank.finalRead("a", "t2", 60);
    bank.finalRead("b", "t2", 140);

    assertThat(check().violations()).isEmpty();
  }

  @Test
  void aRunWithAWipedDiskIsNotJudged() {
    txn("t1", BankHistory.Outcome.COMMITTED, reads("a", "opening", 100), writes("a", 70));
    txn("t2", BankHistory.Outcome.COMMITTED, reads("a", "opening", 100), writes("a", 60));
    history.setFaults(
        new FaultFacts(List.of(new FaultFacts.DiskLoss(NodeId.of("node-0"), 5)), true, true));

    assertThat(check().applicable()).isFalse();
  }

  private void txn(
      String id,
      BankHistory.Outcome outcome,
      Map<String, Object[]> reads,
      Map<String, Long> writes) {
    Map<String, String> from = new LinkedHashMap<>();
    Map<String, Long> balances = new LinkedHashMap<>();
    reads.forEach(
        (account, read) -> {
          from.put(account, (String) read[0]);
          balances.put(account, (Long) read[1]);
        });
    bank.add(new BankHistory.Txn(id, from, balances, writes, outcome, 0, 0));
  }

  private static Map<String, Object[]> reads(Object... accountWriterBalance) {
    Map<String, Object[]> reads = new LinkedHashMap<>();
    for (int i = 0; i < accountWriterBalance.length; i += 3) {
      reads.put(
          (String) accountWriterBalance[i],
          new Object[] {
            accountWriterBalance[i + 1], ((Integer) accountWriterBalance[i + 2]).longValue()
          });
    }
    return reads;
  }

  private static Map<String, Long> writes(Object... accountBalance) {
    Map<String, Long> writes = new LinkedHashMap<>();
    for (int i = 0; i < accountBalance.length; i += 2) {
      writes.put((String) accountBalance[i], ((Integer) accountBalance[i + 1]).longValue());
    }
    return writes;
  }
}
