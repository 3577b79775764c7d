package io.ringstore.core.simulation.linearizability;

import static io.ringstore.core.simulation.linearizability.RegisterCommand.cas;
import static io.ringstore.core.simulation.linearizability.RegisterCommand.read;
import static io.ringstore.core.simulation.linearizability.RegisterCommand.write;
import static io.ringstore.core.simulation.linearizability.RegisterResponse.swapped;
import static io.ringstore.core.simulation.linearizability.RegisterResponse.value;
import static io.ringstore.core.simulation.linearizability.RegisterResponse.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.simulation.linearizability.KeyVerdict.Verdict;
import org.junit.jupiter.api.Test;

/** The checker on the classic hand-written histories, each small enough to judge by eye. */
class LinearizabilityCheckerTest {
  private static final LinearizabilityChecker<String, RegisterCommand, RegisterResponse> CAS =
      new LinearizabilityChecker<>(new CasRegisterModel());

  @Test
  void aReadAfterACompletedWriteMustSeeIt() {
    Histories stale =
        new Histories().ok(0, write("a"), written(), 0, 10).ok(1, read(), value(null), 20, 30);

    LinearizabilityReport report = CAS.check(stale.ops());

    assertThat(report.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(report.keys().get(0).explanation())
        .contains("places 1 of 2 ops and ends in state a")
        .contains("then op 2 client 1 read -> empty OK [0 us .. 0 us] completes")
        .contains("op 2 client 1 read -> empty OK [0 us .. 0 us]: the model answers a");
  }

  @Test
  void readsConcurrentWithAWriteMaySeeEitherValueButNeverGoBack() {
    Histories oldThenNew =
        new Histories()
            .ok(0, write("a"), written(), 0, 100)
            .ok(1, read(), value(null), 10, 20)
            .ok(1, read(), value("a"), 30, 40);
    Histories newThenOld =
        new Histories()
            .ok(0, write("a"), written(), 0, 100)
            .ok(1, read(), value("a"), 10, 20)
            .ok(2, read(), value(null), 30, 40);

    assertThat(CAS.check(oldThenNew.ops()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(CAS.check(newThenOld.ops()).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aSwapSucceedsOnlyOnTheExpectedValue() {
    Histories swaps =
        new Histories()
            .ok(0, write("a"), written(), 0, 10)
            .ok(1, cas("a", "b"), swapped(true), 20, 30)
            .ok(2, cas("a", "c"), swapped(false), 40, 50)
            .ok(0, read(), value("b"), 60, 70);
    Histories refusedOnTheExpectedValue =
        new Histories()
            .ok(0, write("a"), written(), 0, 10)
            .ok(1, cas("a", "b"), swapped(false), 20, 30);

    assertThat(CAS.check(swaps.ops()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(CAS.check(refusedOnTheExpectedValue.ops()).verdict())
        .isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void ofTwoConcurrentSwapsFromOneValueOnlyOneWins() {
    Histories bothWin =
        new Histories()
            .ok(0, write("a"), written(), 0, 10)
            .ok(1, cas("a", "b"), swapped(true), 20, 50)
            .ok(2, cas("a", "c"), swapped(true), 25, 45);
    Histories oneWins =
        new Histories()
            .ok(0, write("a"), written(), 0, 10)
            .ok(1, cas("a", "b"), swapped(false), 20, 50)
            .ok(2, cas("a", "c"), swapped(true), 25, 45)
            .ok(0, read(), value("c"), 60, 70);

    assertThat(CAS.check(bothWin.ops()).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(CAS.check(oneWins.ops()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void aWriteOfUnknownOutcomeMayTakeEffectLaterOrNever() {
    Histories seenLater =
        new Histories().unknown(0, write("a"), 0, 10).ok(1, read(), value("a"), 500, 510);
    Histories neverSeen =
        new Histories().unknown(0, write("a"), 0, 10).ok(1, read(), value(null), 500, 510);
    Histories seenThenGone =
        new Histories()
            .unknown(0, write("a"), 0, 10)
            .ok(1, read(), value("a"), 500, 510)
            .ok(1, read(), value(null), 520, 530);

    assertThat(CAS.check(seenLater.ops()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(CAS.check(neverSeen.ops()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(CAS.check(seenThenGone.ops()).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aWriteOfUnknownOutcomeCannotTakeEffectBeforeItWasSent() {
    Histories seenTooEarly =
        new Histories().ok(1, read(), value("a"), 0, 10).unknown(0, write("a"), 20, 30);

    assertThat(CAS.check(seenTooEarly.ops()).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void aFailedWriteMustNeverBeSeen() {
    Histories seen = new Histories().failed(0, write("a"), 0, 10).ok(1, read(), value("a"), 20, 30);

    LinearizabilityReport report = CAS.check(seen.ops());

    assertThat(report.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(report.keys().get(0).opsChecked()).as("the failed write is dropped").isEqualTo(1);
  }

  @Test
  void operationsThatTouchInTimeAreConcurrent() {
    Histories touching =
        new Histories().ok(0, write("a"), written(), 0, 10).ok(1, read(), value(null), 10, 20);

    assertThat(CAS.check(touching.ops()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void eachKeyIsJudgedOnItsOwn() {
    Histories twoKeys =
        new Histories()
            .on("x")
            .ok(0, write("a"), written(), 0, 10)
            .on("y")
            .ok(1, read(), value("a"), 20, 30)
            .on("x")
            .ok(1, read(), value("a"), 20, 30);

    LinearizabilityReport report = CAS.check(twoKeys.ops());

    assertThat(report.keysWith(Verdict.NOT_LINEARIZABLE))
        .extracting(KeyVerdict::key)
        .containsExactly("y");
    assertThat(report.toCheckResult("linearizable").violations()).hasSize(1);
  }

  @Test
  void aSearchPastItsBudgetIsInconclusiveNotAVerdict() {
    Histories manyConcurrentWrites = new Histories();
    for (int i = 0; i < 12; i++) {
      manyConcurrentWrites.ok(i, write("v" + i), written(), 0, 100);
    }
    manyConcurrentWrites.ok(0, read(), value("never written"), 200, 210);

    LinearizabilityReport report =
        new LinearizabilityChecker<>(new CasRegisterModel(), 1_000)
            .check(manyConcurrentWrites.ops());

    assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(report.keys().get(0).explanation())
        .contains("search budget of 1000 states exceeded");
    assertThat(report.toCheckResult("linearizable").passed()).isTrue();
  }

  @Test
  void aPlainRegisterRefusesSwaps() {
    Histories swap = new Histories().ok(0, cas(null, "a"), swapped(true), 0, 10);
    LinearizabilityChecker<String, RegisterCommand, RegisterResponse> plain =
        new LinearizabilityChecker<>(new RegisterModel());

    assertThatThrownBy(() -> plain.check(swap.ops())).isInstanceOf(IllegalArgumentException.class);
  }
}
