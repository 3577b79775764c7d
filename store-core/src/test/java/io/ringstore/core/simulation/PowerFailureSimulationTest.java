package io.ringstore.core.simulation;

import static io.ringstore.core.simulation.FaultSchedule.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringstore.core.testing.Seeds;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A power failure mid-write, end to end on one replica: the replica put whose record is cut short
 * is answered with an error, the node crashes keeping the torn prefix, and on restart the real
 * engine's recovery cuts exactly those bytes; every checker passes.
 *
 * <p>Why a focused test and not a bite proof: no natural broken variant exists. A recovery that
 * kept the torn tail would lose nothing: the engine never appends to a recovered segment, and reads
 * and hints point only at whole records, so the checkers could not tell. This test instead reads
 * the proof from the event log.
 */
class PowerFailureSimulationTest {
  /**
   * Seeds tried for a run whose power failure cuts a replica put's record short: about one run in
   * sixteen does (the first hit came at try 16 of 200 after range movements began syncing one range
   * at a time), so 200 leave a search failing by chance about once in 400,000.
   */
  static final int SEEDS_MAX = 200;

  private static final FaultSchedule POWER_FAILS_ON_NODE_1 =
      FaultSchedule.builder()
          .atMillis(200)
          .powerFailMidWrite(node(1))
          .atMillis(400)
          .restart(node(1))
          .build();

  private static final Pattern CUT =
      Pattern.compile(
          "node-1  disk: power fails mid-write to segment-0*(\\d+)\\.log: (\\d+) of \\d+ bytes at"
              + " (\\d+) reach the disk");

  private static final List<Checker> CHECKERS =
      List.of(new NoLostWriteChecker(), new ReadYourWritesChecker(), new ConvergenceChecker());

  @Test
  void aReplicaPutCutShortFailsAndRecoveryCutsExactlyItsTornBytes() {
    SimulationConfig config =
        SimulationConfig.defaults().withNemesis(Nemesis.fixed(POWER_FAILS_ON_NODE_1));
    List<Long> seeds = Seeds.seeds("PowerFailureSimulationTest", SEEDS_MAX);
    for (int i = 0; i < seeds.size(); i++) {
      SimulationRun run = Simulator.run(seeds.get(i), config);
      for (Checker checker : CHECKERS) {
        assertThat(checker.check(run.history()).passed())
            .as("%s, seed %d", checker.name(), seeds.get(i))
            .isTrue();
      }
      if (tornAReplicaPut(run)) {
        System.out.printf(
            Locale.ROOT, "PowerFailureSimulationTest: seed %d, try %d%n", seeds.get(i), i + 1);
        return;
      }
    }
    assumeTrue(seeds.size() == SEEDS_MAX, "replaying one seed, which tore no replica put");
    fail(
        "no seed of %d tore a replica put's record: the power failure no longer cuts writes",
        SEEDS_MAX);
  }

  /**
   * Whether the run's power failure cut a replica put's record and the tear survived the crash; if
   * so, asserts what must follow.
   */
  private static boolean tornAReplicaPut(SimulationRun run) {
    List<String> lines = run.log().lines();
    int cutAt = indexOf(lines, CUT, 0);
    if (cutAt < 1
        || !lines.get(cutAt - 1).contains("node-1  deliver #")
        || !lines.get(cutAt - 1).endsWith(" ReplicaPutRequest")
        || indexOf(lines, Pattern.compile("\\(the power failed mid-write\\)$"), cutAt) < 0) {
      return false;
    }
    Matcher cut = CUT.matcher(lines.get(cutAt));
    assertThat(cut.find()).isTrue();
    String request = lines.get(cutAt - 1).replaceAll(".* deliver (#\\d+) .*", "$1");
    long keptBytes = Long.parseLong(cut.group(2));
    long position = Long.parseLong(cut.group(3));
    assertThat(lines.get(cutAt + 1))
        .as("the put cut short is answered with an error, not an acknowledgement")
        .contains("node-1  answer " + request + " ErrorResponse");
    // The coordinator may be node-1 itself, which crashes before the error reaches it.
    assertThat(run.log().text())
        .as("no acknowledgement of the put cut short reaches its coordinator")
        .doesNotContain("receive answer " + request + " ReplicaPutResponse")
        .contains("sim     power failure crashes node-1");
    String recovered =
        String.format(
            Locale.ROOT,
            "node-1  recovery: segment %s: torn tail \\(.*\\) truncated from %d bytes to %d$",
            cut.group(1),
            position + keptBytes,
            position);
    assertThat(indexOf(lines, Pattern.compile(recovered), cutAt))
        .as("recovery cuts exactly the %d torn bytes at %d", keptBytes, position)
        .isPositive();
    return true;
  }

  private static int indexOf(List<String> lines, Pattern pattern, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (pattern.matcher(lines.get(i)).find()) {
        return i;
      }
    }
    return -1;
  }
}
