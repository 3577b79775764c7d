package io.ringstore.core.simulation.linearizability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ringstore.core.simulation.linearizability.KeyVerdict.Verdict;
import io.ringstore.core.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker against the definition: on thousands of tiny random histories it must agree with a
 * brute-force enumeration, and on long histories of a real execution it must say "linearizable"
 * within its budget. Each test logs its seed.
 */
class LinearizabilityCrossCheckTest {
  private static final int TINY_HISTORIES = 5_000;
  private static final int LONG_HISTORIES = 20;
  private static final int LONG_HISTORY_OPS = 400;
  private static final long MICROS = 1_000;

  private static final CasRegisterModel MODEL = new CasRegisterModel();
  private static final LinearizabilityChecker<String, RegisterCommand, RegisterResponse> CHECKER =
      new LinearizabilityChecker<>(MODEL);

  @Test
  void agreesWithBruteForceOnThousandsOfTinyHistories() {
    long seed = Seeds.seed("LinearizabilityCrossCheckTest.tiny");
    RandomHistories histories = new RandomHistories(new Random(seed));
    Random random = new Random(seed + 1);
    int[] byVerdict = new int[2];
    for (int i = 0; i < TINY_HISTORIES; i++) {
      List<RecordedOp<RegisterCommand, RegisterResponse>> ops =
          histories.execution(1 + random.nextInt(8), MICROS, random.nextInt(40) * MICROS, 15, 15);
      if (random.nextBoolean()) {
        ops = histories.tamper(ops);
      }
      boolean expected = new BruteForceLinearizability<>(MODEL, ops).isLinearizable();
      Verdict verdict = CHECKER.check(ops).verdict();
      if (verdict != (expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE)) {
        fail(
            "history %d of seed %d: brute force says %s, checker %s%n%s",
            i, seed, expected, verdict, describe(ops));
      }
      byVerdict[expected ? 0 : 1]++;
    }
    System.out.printf(
        Locale.ROOT,
        "LinearizabilityCrossCheckTest: %d tiny histories agree (%d linearizable, %d not)%n",
        TINY_HISTORIES,
        byVerdict[0],
        byVerdict[1]);
    // About a tenth of the histories are not linearizable (500-545 of 5,000 over five seeds); the
    // bound was a tenth once, and every seed at or just under it failed the run.
    assertThat(Math.min(byVerdict[0], byVerdict[1]))
        .as("both verdicts must be exercised")
        .isGreaterThan(TINY_HISTORIES / 20);
  }

  @Test
  void longExecutionsWithWideIntervalsAreLinearizable() {
    long seed = Seeds.seed("LinearizabilityCrossCheckTest.long");
    RandomHistories histories = new RandomHistories(new Random(seed));
    long statesMost = 0;
    for (int i = 0; i < LONG_HISTORIES; i++) {
      List<RecordedOp<RegisterCommand, RegisterResponse>> ops =
          histories.execution(LONG_HISTORY_OPS, 10 * MICROS, 100 * MICROS, 2, 5);
      KeyVerdict verdict = CHECKER.check(ops).keys().get(0);
      assertThat(verdict.verdict())
          .as("history %d of seed %d: %s", i, seed, verdict)
          .isEqualTo(Verdict.LINEARIZABLE);
      statesMost = Math.max(statesMost, verdict.statesExplored());
    }
    System.out.printf(
        Locale.ROOT,
        "LinearizabilityCrossCheckTest: %d histories of %d ops linearizable, at most %d states%n",
        LONG_HISTORIES,
        LONG_HISTORY_OPS,
        statesMost);
  }

  @Test
  void aLongExecutionWithOneImpossibleReadIsCaught() {
    long seed = Seeds.seed("LinearizabilityCrossCheckTest.longTampered");
    RandomHistories histories = new RandomHistories(new Random(seed));
    List<RecordedOp<RegisterCommand, RegisterResponse>> ops =
        histories.execution(LONG_HISTORY_OPS, 10 * MICROS, 60 * MICROS, 0, 0);
    int middle = LONG_HISTORY_OPS / 2;
    RecordedOp<RegisterCommand, RegisterResponse> op = ops.get(middle);
    ops = new ArrayList<>(ops);
    ops.set(
        middle,
        new RecordedOp<>(
            op.id(),
            op.client(),
            op.key(),
            RegisterCommand.read(),
            RegisterResponse.value("never written"),
            op.outcome(),
            op.invokeNanos(),
            op.completeNanos()));

    KeyVerdict verdict = CHECKER.check(ops).keys().get(0);

    assertThat(verdict.verdict())
        .as("seed %d: %s", seed, verdict)
        .isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(verdict.explanation()).contains("read -> never written");
    System.out.printf(Locale.ROOT, "LinearizabilityCrossCheckTest: caught%n%s%n", verdict);
  }

  private static String describe(List<RecordedOp<RegisterCommand, RegisterResponse>> ops) {
    StringBuilder text = new StringBuilder();
    for (RecordedOp<RegisterCommand, RegisterResponse> op : ops) {
      text.append("  ").append(op.describe()).append('\n');
    }
    return text.toString();
  }
}
