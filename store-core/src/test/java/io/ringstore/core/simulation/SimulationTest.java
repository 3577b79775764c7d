package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulator as the main test (DESIGN.md): seeds replay exactly, a batch of seeds under loss,
 * duplication, reordering and a partition passes every checker, and a broken replica is caught.
 * Each failure prints its seed and the command that replays it alone.
 */
class SimulationTest {
  /** Seeds per batch unless {@code -Dringstore.seed=N} picks one. */
  static final int SEEDS_DEFAULT = 200;

  private static final List<Checker> CHECKERS =
      List.of(new NoLostWriteChecker(), new ReadYourWritesChecker());

  @Test
  void aSeedReplaysToAByteIdenticalEventLog() {
    long seed = Seeds.seed("SimulationTest.replay");
    SimulationConfig config = SimulationConfig.defaults().withCrashesAndClockJumps(5_000);

    String first = Simulator.run(seed, config).log().text();
    String second = Simulator.run(seed, config).log().text();

    assertThat(first.equals(second))
        .as("%s; %s", firstDifference(first, second), replay(seed))
        .isTrue();
    assertThat(first).contains(" crash").contains("restart").contains("wall clock steps");
  }

  @Test
  void everySeedPassesEveryChecker() {
    long events = 0;
    long lines = 0;
    List<Long> seeds = Seeds.seeds("SimulationTest.checkers", SEEDS_DEFAULT);
    for (long seed : seeds) {
      SimulationRun run = Simulator.run(seed, SimulationConfig.defaults());
      List<CheckResult> results = check(run);
      if (!results.stream().allMatch(CheckResult::passed)) {
        fail("seed %d failed: %s%n%s", seed, results, replay(seed));
      }
      events += run.events();
      lines += run.log().size();
    }
    System.out.printf(
        Locale.ROOT,
        "SimulationTest: %d seeds passed, %d events, %d log lines%n",
        seeds.size(),
        events,
        lines);
  }

  @Test
  void aQuorumOfReplicasAcknowledgingWithoutStoringIsCaught() {
    Set<NodeId> liars = Set.of(NodeId.of("node-1"), NodeId.of("node-2"));
    SimulationConfig broken =
        SimulationConfig.defaults()
            .withHandlers(
                (node, handler) -> liars.contains(node) ? new AckWithoutStoring(handler) : handler);
    List<Long> seeds = Seeds.seeds("SimulationTest.broken", SEEDS_DEFAULT);
    for (int i = 0; i < seeds.size(); i++) {
      CheckResult result =
          new NoLostWriteChecker().check(Simulator.run(seeds.get(i), broken).history());
      if (!result.passed()) {
        System.out.printf(
            Locale.ROOT,
            "SimulationTest: broken replicas caught by seed %d, the %d-th tried: %s%n",
            seeds.get(i),
            i + 1,
            result.violations().get(0));
        return;
      }
    }
    fail("no seed of %d caught replicas that acknowledge without storing", seeds.size());
  }

  private static List<CheckResult> check(SimulationRun run) {
    List<CheckResult> results = new ArrayList<>();
    for (Checker checker : CHECKERS) {
      results.add(checker.check(run.history()));
    }
    return results;
  }

  private static String replay(long seed) {
    return "replay: mvn -pl store-core test -Dtest=SimulationTest -D" + Seeds.PROPERTY + "=" + seed;
  }

  private static String firstDifference(String first, String second) {
    String[] a = first.split("\n", -1);
    String[] b = second.split("\n", -1);
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (!a[i].equals(b[i])) {
        return "logs differ at line " + (i + 1) + ": '" + a[i] + "' vs '" + b[i] + "'";
      }
    }
    return "logs differ in length: " + a.length + " vs " + b.length + " lines";
  }
}
