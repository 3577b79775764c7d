package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lock checker on hand-written lock histories: what locks promise passes, each broken promise
 * (a shared token, a token going back, two valid holders at once, a stale fenced write applied) is
 * flagged, and a run with a wiped disk is not judged.
 */
class LockCheckerTest {
  private static final long MS = 1_000_000;
  private static final long LEASE = 1_000 * MS;

  private final History history = new History(List.of("k"), 3);
  private final LockHistory locks = history.locks();

  private CheckResult check() {
    return new LockChecker().check(history);
  }

  @Test
  void aRunWithoutGrantsIsNotJudged() {
    assertThat(check().applicable()).isFalse();
  }

  @Test
  void grantsOneAfterAnotherWithIncreasingTokensPass() {
    LockHistory.Grant first = locks.granted("l", 1, LEASE, 0, 10 * MS);
    first.releasing(100 * MS);
    locks.granted("l", 2, LEASE, 90 * MS, 150 * MS);

    CheckResult result = check();

    assertThat(result.applicable()).isTrue();
    assertThat(result.violations()).isEmpty();
  }

  @Test
  void twoGrantsWithOneTokenAreFlagged() {
    locks.granted("l", 1, LEASE, 0, 10 * MS).releasing(20 * MS);
    locks.granted("l", 1, LEASE, 30 * MS, 40 * MS);

    assertThat(check().violations()).anyMatch(v -> v.startsWith("two grants share a token"));
  }

  @Test
  void aLaterGrantWithALowerTokenIsFlagged() {
    locks.granted("l", 5, LEASE, 0, 10 * MS).releasing(20 * MS);
    locks.granted("l", 4, LEASE, 30 * MS, 40 * MS);

    assertThat(check().violations())
        .anyMatch(v -> v.startsWith("a later grant's token is not higher"));
  }

  @Test
  void aGrantWhileAnotherHolderStillTrustsItsLeaseIsFlagged() {
    locks.granted("l", 1, LEASE, 0, 10 * MS); // trusted until 800 ms
    locks.granted("l", 2, LEASE, 500 * MS, 600 * MS);

    assertThat(check().violations()).anyMatch(v -> v.startsWith("two holders at once"));
  }

  @Test
  void aGrantAfterTheTrustedShareOfTheLastConfirmedRenewalPasses() {
    LockHistory.Grant renewed = locks.granted("l", 1, LEASE, 0, 10 * MS);
    renewed.renewed(300 * MS); // trusted until 1,100 ms
    locks.granted("l", 2, LEASE, 900 * MS, 1_150 * MS);

    assertThat(check().violations()).isEmpty();
  }

  @Test
  void aGrantBeforeTheTrustedShareOfARenewalRanOutIsFlagged() {
    LockHistory.Grant renewed = locks.granted("l", 1, LEASE, 0, 10 * MS);
    renewed.renewed(300 * MS);
    locks.granted("l", 2, LEASE, 900 * MS, 1_000 * MS);

    assertThat(check().violations()).anyMatch(v -> v.startsWith("two holders at once"));
  }

  @Test
  void aStaleFencedWriteAppliedAfterANewerOneIsFlaggedAndARefusedOneIsNot() {
    LockHistory.Grant old = locks.granted("l", 1, LEASE, 0, 10 * MS);
    LockHistory.Grant next = locks.granted("l", 2, LEASE, 900 * MS, 1_000 * MS);
    locks.fencedWrite(new LockHistory.FencedWrite(1, "f", 2, 1_010 * MS, 1_020 * MS, true, next));
    locks.fencedWrite(new LockHistory.FencedWrite(2, "f", 1, 1_030 * MS, 1_040 * MS, false, old));

    assertThat(check().violations()).isEmpty();

    locks.fencedWrite(new LockHistory.FencedWrite(3, "f", 1, 1_050 * MS, 1_060 * MS, true, old));

    assertThat(check().violations())
        .singleElement()
        .satisfies(v -> assertThat(v).startsWith("a stale fenced write applied after a newer one"));
  }

  @Test
  void aFencedWriteOfAnotherGrantWithTheSameTokenIsStaleToo() {
    LockHistory.Grant first = locks.granted("l", 1, LEASE, 0, 10 * MS);
    first.releasing(20 * MS);
    LockHistory.Grant reused = locks.granted("l", 1, LEASE, 30 * MS, 40 * MS);
    locks.fencedWrite(new LockHistory.FencedWrite(1, "f", 1, 50 * MS, 60 * MS, true, reused));
    locks.fencedWrite(new LockHistory.FencedWrite(2, "f", 1, 70 * MS, 80 * MS, true, first));

    assertThat(check().violations())
        .anyMatch(v -> v.startsWith("a stale fenced write applied after a newer one"));
  }

  @Test
  void aRunWithAWipedDiskIsNotJudged() {
    locks.granted("l", 1, LEASE, 0, 10 * MS);
    locks.granted("l", 1, LEASE, 20 * MS, 30 * MS);
    history.setFaults(
        new FaultFacts(List.of(new FaultFacts.DiskLoss(NodeId.of("node-0"), 5 * MS)), true, true));

    assertThat(check().applicable()).isFalse();
  }
}
