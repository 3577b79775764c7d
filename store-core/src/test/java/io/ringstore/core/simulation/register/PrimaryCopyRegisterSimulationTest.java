package io.ringstore.core.simulation.register;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringstore.core.simulation.Operation.Outcome;
import io.ringstore.core.simulation.SimulationConfig;
import io.ringstore.core.simulation.SimulationRun;
import io.ringstore.core.simulation.Simulator;
import io.ringstore.core.simulation.linearizability.CasRegisterModel;
import io.ringstore.core.simulation.linearizability.KeyVerdict;
import io.ringstore.core.simulation.linearizability.KeyVerdict.Verdict;
import io.ringstore.core.simulation.linearizability.LinearizabilityChecker;
import io.ringstore.core.simulation.linearizability.LinearizabilityReport;
import io.ringstore.core.simulation.linearizability.RecordedOp;
import io.ringstore.core.simulation.linearizability.RegisterCommand;
import io.ringstore.core.simulation.linearizability.RegisterResponse;
import io.ringstore.core.testing.Seeds;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The linearizability checker on a linearizable subject under the simulator's faults: the
 * primary-copy register passes every seed of a batch, and each deliberately broken {@link Variant}
 * is caught within the batch. Each failure prints its seed and the command that replays it.
 */
class PrimaryCopyRegisterSimulationTest {
  /** Seeds per batch unless {@code -Dringstore.seed=N} picks one; as SimulationTest. */
  static final int SEEDS_DEFAULT = 200;

  /**
   * The store's default faults: {@code Nemesis.mixed()} (loss, partitions, kills and restarts,
   * clock steps) and the power cut at the end. The register keeps its state in memory across a
   * node's incarnations (it has no disk), so crashes, lost disks and power failures are down time
   * for it, never lost state: this checks the register under message faults and outages, not
   * durability.
   */
  private static final SimulationConfig CORRECT_RUN_CONFIG = SimulationConfig.defaults();

  private static final LinearizabilityChecker<String, RegisterCommand, RegisterResponse> CHECKER =
      new LinearizabilityChecker<>(new CasRegisterModel());

  @Test
  void everySeedIsLinearizable() {
    Totals totals = new Totals();
    List<Long> seeds = Seeds.seeds("PrimaryCopyRegisterSimulationTest.correct", SEEDS_DEFAULT);
    for (long seed : seeds) {
      PrimaryCopyRegisterService register = new PrimaryCopyRegisterService(Variant.CORRECT);
      SimulationRun run = Simulator.run(seed, CORRECT_RUN_CONFIG, register);
      LinearizabilityReport report = CHECKER.check(register.history());
      if (report.verdict() != Verdict.LINEARIZABLE) {
        fail("seed %d: %s%n%s", seed, report, replay(seed));
      }
      totals.add(run, register.history(), report);
    }
    System.out.printf(
        Locale.ROOT,
        "PrimaryCopyRegisterSimulationTest: %d seeds linearizable; %s%n",
        seeds.size(),
        totals);
  }

  @Test
  void followersAnsweringReadsBeforeChangesReachThemAreCaught() {
    assertCaught(Variant.ACK_BEFORE_REPLICATION);
  }

  @Test
  void followersAnsweringReadsFromTheirCopyAreCaught() {
    assertCaught(Variant.FOLLOWER_READS);
  }

  @Test
  void aPrimaryApplyingRetriedCommandsTwiceIsCaught() {
    assertCaught(Variant.NO_DEDUPLICATION);
  }

  private static void assertCaught(Variant variant) {
    String testName = "PrimaryCopyRegisterSimulationTest." + variant;
    List<Long> seeds = Seeds.seeds(testName, SEEDS_DEFAULT);
    for (int i = 0; i < seeds.size(); i++) {
      PrimaryCopyRegisterService register = new PrimaryCopyRegisterService(variant);
      Simulator.run(seeds.get(i), SimulationConfig.defaults(), register);
      LinearizabilityReport report = CHECKER.check(register.history());
      if (report.verdict() == Verdict.NOT_LINEARIZABLE) {
        System.out.printf(
            Locale.ROOT,
            "%s: caught at seed %d, try %d of %d:%n%s%n",
            testName,
            seeds.get(i),
            i + 1,
            seeds.size(),
            report.keysWith(Verdict.NOT_LINEARIZABLE).get(0));
        return;
      }
    }
    assumeTrue(
        seeds.size() == SEEDS_DEFAULT,
        "replaying one seed, which did not catch " + variant + "; the batch is what must catch it");
    fail("no seed of %d caught the register variant %s", seeds.size(), variant);
  }

  private static String replay(long seed) {
    return "replay: mvn -pl store-core test -Dtest=PrimaryCopyRegisterSimulationTest -D"
        + Seeds.PROPERTY
        + "="
        + seed;
  }

  /** What a batch of runs did, for the test output. */
  private static final class Totals {
    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    private long events;
    private long statesMost;

    void add(
        SimulationRun run,
        List<RecordedOp<RegisterCommand, RegisterResponse>> history,
        LinearizabilityReport report) {
      events += run.events();
      history.forEach(op -> outcomes.merge(op.outcome(), 1, Integer::sum));
      for (KeyVerdict key : report.keys()) {
        statesMost = Math.max(statesMost, key.statesExplored());
      }
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d events, client outcomes %s, at most %d states explored per key",
          events,
          outcomes,
          statesMost);
    }
  }
}
