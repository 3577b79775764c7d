package io.ringstore.core.simulation;

import static io.ringstore.core.simulation.FaultSchedule.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Handoff;
import io.ringstore.core.coordinator.NewClock;
import io.ringstore.core.coordinator.ReadRepair;
import io.ringstore.core.hints.DeleteOnSend;
import io.ringstore.core.membership.GossipSettings;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.storage.log.LogStorageOptions;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The simulator as the main test (DESIGN.md): seeds replay exactly, a batch of seeds under the
 * mixed nemesis passes every checker, and broken replicas are caught. Each failure prints its seed
 * and the command that replays it alone.
 */
class SimulationTest {
  /** Seeds per bite proof, and per batch unless {@link #SEEDS_PROPERTY} asks for more. */
  static final int SEEDS_DEFAULT = 200;

  /** The system property that sets the main batch's size: the soak runs thousands. */
  static final String SEEDS_PROPERTY = "ringstore.simulation.seeds";

  private static final List<Checker> CHECKERS =
      List.of(
          new NoLostWriteChecker(),
          new ReadYourWritesChecker(),
          new ConvergenceChecker(),
          new MembershipConvergenceChecker(),
          new NoFalseConvictionChecker(),
          new OneSiblingPerValueChecker(),
          new RegisterLinearizabilityChecker(),
          new LockChecker(),
          new TransactionChecker());

  /** Read repair switched off: what a bite proof of the convergence checker itself runs with. */
  private static final ReadRepair NO_READ_REPAIR = (reconciled, replicaHas) -> List.of();

  /** Every kind of fault, written by hand with the schedule builder. */
  private static final FaultSchedule EVERY_KIND_OF_FAULT =
      FaultSchedule.builder()
          .atMillis(0)
          .messageLoss(0.05, 0.02)
          .atMillis(100)
          .kill(node(1))
          .cutLink(node(0), node(2))
          .atMillis(300)
          .restart(node(1))
          .heal()
          .cutOneWay(Set.of(node(2)))
          .atMillis(400)
          .loseDisk(node(2))
          .clockJump(node(0), -5_000)
          .atMillis(600)
          .restart(node(2))
          .heal()
          .isolate(node(0))
          .powerFailMidWrite(node(1))
          .atMillis(800)
          .heal()
          .build();

  /** The replay tests' config: the default run under {@link #EVERY_KIND_OF_FAULT}. */
  static SimulationConfig replayConfig() {
    return SimulationConfig.defaults().withNemesis(Nemesis.fixed(EVERY_KIND_OF_FAULT));
  }

  @Test
  void aSeedReplaysToAByteIdenticalEventLog() {
    long seed = Seeds.seed("SimulationTest.replay");
    SimulationConfig config = replayConfig();

    SimulationRun run = Simulator.run(seed, config);
    String first = run.log().text();
    String second = Simulator.run(seed, config).log().text();
    System.out.printf(
        Locale.ROOT,
        "SimulationTest.replay: %d events, %d log lines, log sha-256 %s%n",
        run.events(),
        run.log().size(),
        sha256(first));

    assertThat(first.equals(second))
        .as("%s; %s", firstDifference(first, second), replay(seed))
        .isTrue();
    assertThat(first)
        .contains("fault kill node-1")
        .contains("fault lose disk of node-2")
        .contains("node-2  restart")
        .contains("fault step wall clock of node-0 by -5000 ms")
        .contains("fault split off [node-0]")
        .contains("fault power fails mid-write on node-1")
        .contains("every node has all 4 members on one ring")
        .contains("power cut: every node that is up crashes")
        .contains(" disk: ");
  }

  @Test
  void everySeedPassesEveryChecker() {
    RunTotals totals = new RunTotals();
    int count = Integer.getInteger(SEEDS_PROPERTY, SEEDS_DEFAULT);
    List<Long> seeds = Seeds.seeds("SimulationTest.checkers", count);
    for (long seed : seeds) {
      SimulationRun run = Simulator.run(seed, SimulationConfig.defaults());
      List<CheckResult> results = check(run);
      if (!results.stream().allMatch(CheckResult::passed)) {
        fail("seed %d failed: %s%n%s", seed, results, replay(seed));
      }
      totals.add(run, results);
    }
    System.out.printf(Locale.ROOT, "SimulationTest: %d seeds passed; %s%n", seeds.size(), totals);
    if (seeds.size() > 1) {
      assertThat(totals.tornWrites)
          .as("torn writes in %d runs: power failures mid-write must tear some", seeds.size())
          .isPositive();
      assertThat(totals.outcomes.getOrDefault(Operation.Outcome.OK, 0))
          .as("acknowledged operations: the checkers need some to judge")
          .isPositive();
      for (Checker checker : CHECKERS) {
        assertThat(totals.judged.getOrDefault(checker.name(), 0))
            .as("runs %s judged: a checker that judges nothing proves nothing", checker.name())
            .isPositive();
      }
    }
  }

  /** What a batch of runs did, for the test output. */
  private static final class RunTotals {
    private final Map<Operation.Outcome, Integer> outcomes = new EnumMap<>(Operation.Outcome.class);
    private final Map<String, Integer> judged = new TreeMap<>();
    private long events;
    private long lines;
    private long simulatedMillis;
    private long crashes;
    private long disksLost;
    private long tornWrites;
    private long powerFailures;
    private long tornTailsCut;
    private int runsWithCrashes;
    private long convictions;
    private long pauses;
    private long hintedWrites;
    private long bitFlips;
    private long antiEntropyRuns;
    private long keysRepaired;
    private long rangesFailed;
    private long convergeMillisMax;

    void add(SimulationRun run, List<CheckResult> results) {
      MembershipFacts membership = run.history().membership();
      convictions += membership.convictions().size();
      convergeMillisMax =
          Math.max(convergeMillisMax, membership.convergedAfterHealNanos() / 1_000_000);
      String log = run.log().text();
      crashes += count(log, " crash\n");
      disksLost += count(log, " disk lost;");
      tornWrites += count(log, " tore the last write");
      powerFailures += count(log, " power fails mid-write to ");
      tornTailsCut += count(log, ": torn tail (");
      pauses += count(log, " fault pause ");
      hintedWrites += count(log, " HintedPutRequest (");
      bitFlips += count(log, " bit flip at byte ");
      antiEntropyRuns += count(log, " anti-entropy: ");
      Matcher repaired = REPAIRED.matcher(log);
      while (repaired.find()) {
        keysRepaired += Long.parseLong(repaired.group(1)) + Long.parseLong(repaired.group(2));
        rangesFailed += Long.parseLong(repaired.group(3));
      }
      events += run.events();
      lines += run.log().size();
      simulatedMillis += run.simulatedNanos() / 1_000_000;
      for (Operation operation : run.history().operations()) {
        outcomes.merge(operation.outcome(), 1, Integer::sum);
      }
      for (CheckResult result : results) {
        judged.merge(result.checker(), result.applicable() ? 1 : 0, Integer::sum);
      }
      runsWithCrashes += run.history().faults().crashed() ? 1 : 0;
    }

    /** What each node's anti-entropy run of the repair phase logs ({@link RepairPhase}). */
    private static final Pattern REPAIRED =
        Pattern.compile(
            "anti-entropy: (\\d+) keys received, (\\d+) sent, \\d+ ranges compared, (\\d+) failed");

    private static int count(String text, String what) {
      int count = 0;
      for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
        count++;
      }
      return count;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d events, %d log lines, %d s simulated, client outcomes %s; %d runs with crashes"
              + " (power cuts included), %d crashes, %d disks lost, %d power failures mid-write,"
              + " %d torn writes, %d torn tails cut by recovery, %d pauses, %d bit flips; %d writes"
              + " handed to stand-ins as hints; %d anti-entropy runs in repair phases streamed %d keys"
              + " (%d ranges failed); %d convictions, all"
              + " excused by a fault; membership converged at most %d ms after the heal; runs"
              + " judged per checker %s",
          events,
          lines,
          simulatedMillis / 1_000,
          outcomes,
          runsWithCrashes,
          crashes,
          disksLost,
          powerFailures,
          tornWrites,
          tornTailsCut,
          pauses,
          bitFlips,
          hintedWrites,
          antiEntropyRuns,
          keysRepaired,
          rangesFailed,
          convictions,
          convergeMillisMax,
          judged);
    }
  }

  /**
   * Two of three replicas acknowledge without storing: a write they acknowledge lives only if its
   * one real copy arrives, and loss or a partition soon loses one. The final R=ALL read finds it.
   */
  @Test
  void aQuorumOfReplicasAcknowledgingWithoutStoringLosesAWriteAndIsCaught() {
    Set<NodeId> liars = Set.of(NodeId.of("node-1"), NodeId.of("node-2"));
    assertCaught(
        "SimulationTest.brokenQuorum",
        brokenReplicas(liars, 1),
        liars + " acknowledging without storing",
        new NoLostWriteChecker());
  }

  /**
   * One replica that acknowledges without storing cannot lose a W=2 write (the other
   * acknowledgement is a real copy, and the final read unites all replicas), but a later R=2 read
   * that asks it and a replica the write has not reached yet misses the write.
   */
  @Test
  void oneReplicaAcknowledgingWithoutStoringBreaksQuorumReadsAndIsCaught() {
    assertCaught(
        "SimulationTest.brokenReplica",
        brokenReplicas(Set.of(NodeId.of("node-1")), 1),
        "node-1 acknowledging without storing",
        new ReadYourWritesChecker());
  }

  /**
   * Replicas whose engine never forces (the broken variant: a replica acknowledges a write that is
   * only in the page cache, as production would with {@code NEVER} and its 64 MiB segments, which a
   * run never fills) lose it at a crash, and the power cut after the settle phase crashes every
   * node at once. The same faults with the default {@code ALWAYS} policy pass: {@link
   * #everySeedPassesEveryChecker}.
   */
  @Test
  void replicasAcknowledgingBeforeTheirWriteIsDurableLoseItInACrashAndAreCaught() {
    SimulationConfig broken =
        SimulationConfig.defaults()
            .withStorage(
                options ->
                    options
                        .withFsyncPolicy(FsyncPolicy.NEVER)
                        .withSegmentBytesMax(LogStorageOptions.SEGMENT_BYTES_MAX_DEFAULT));
    assertCaught(
        "SimulationTest.ackBeforeDurable",
        broken,
        "replicas acknowledging before fsync",
        new NoLostWriteChecker());
  }

  /**
   * A replica that silently drops one write in ten while acknowledging it, on a calm network and
   * with repair switched off (read repair would heal it): no quorum read or final read notices (the
   * other replicas hold the write), but its storage differs from theirs once the run settles.
   */
  @Test
  void aReplicaDroppingSomeWritesWhileAcknowledgingThemDivergesAndIsCaught() {
    SimulationConfig broken =
        brokenReplicas(Set.of(NodeId.of("node-1")), 10)
            .withNemesis(Nemesis.clockJumps(2, 5_000))
            .withReadRepair(NO_READ_REPAIR)
            .withRepair(RepairPhase.NONE)
            .withoutPeriodicAntiEntropy();
    assertCaught(
        "SimulationTest.divergentReplica",
        broken,
        "node-1 dropping every 10th write while acknowledging it",
        new ConvergenceChecker());
  }

  /**
   * The repair phase runs after the heal and before replicas are read: a "repair" that writes a
   * version into one replica's storage alone is what the convergence checker then reports.
   */
  @Test
  void theRepairPhaseRunsBeforeReplicasAreCompared() {
    long seed = Seeds.seed("SimulationTest.repairPhase");
    VectorClock concurrent = VectorClock.of(List.of(new VectorClock.Entry(node(9), 1, 1)));
    Versioned planted = Versioned.of(concurrent, 1, new byte[] {7});
    RepairPhase plantOnNode1 =
        (nodes, keys, events, done) -> {
          nodes.get(1).storage().put("key-0".getBytes(StandardCharsets.UTF_8), planted);
          done.run();
        };
    SimulationConfig config =
        SimulationConfig.defaults().withNemesis(Nemesis.none()).withRepair(plantOnNode1);

    CheckResult result = new ConvergenceChecker().check(Simulator.run(seed, config).history());

    assertThat(result.violations())
        .as(
            "each other replica of key-0 differs from node-1, which alone holds the planted version")
        .isNotEmpty()
        .allSatisfy(
            violation ->
                assertThat(violation)
                    .startsWith("key-0: ")
                    .contains("node-1 holds")
                    .contains("node-9:1"));
  }

  /**
   * A read repair that writes stale replicas only the first of the reconciled siblings leaves a
   * replica that lacks another sibling without it for good: once a key has siblings, the replicas
   * differ after the repair phase, which here is hint replay and the read sweep (read repair over
   * every key), with no anti-entropy, which would heal it.
   */
  @Test
  void aReadRepairThatWritesOnlyTheFirstSiblingIsCaught() {
    ReadRepair firstSiblingOnly =
        (reconciled, replicaHas) ->
            ReadRepair.missing(reconciled.subList(0, Math.min(1, reconciled.size())), replicaHas);
    assertCaught(
        "SimulationTest.firstSiblingRepair",
        SimulationConfig.defaults()
            .withReadRepair(firstSiblingOnly)
            .withRepair(RepairPhase.HINTS_THEN_READ_SWEEP)
            .withoutPeriodicAntiEntropy(),
        "a read repair writing only the first sibling",
        new ConvergenceChecker());
  }

  /**
   * Bit flips reach the disks of a run (logged where they flipped) and the replicas still converge
   * and lose nothing: the flipped records fail their checksums and repair restores them.
   */
  @Test
  void bitFlipsAreAppliedAndRepaired() {
    long seed = Seeds.seed("SimulationTest.bitFlips");
    SimulationRun run =
        Simulator.run(seed, SimulationConfig.defaults().withNemesis(Nemesis.bitFlips(3)));

    assertThat(run.log().text()).as("seed %d", seed).contains("bit flip at byte ");
    assertThat(run.history().faults().disksLost()).as("seed %d", seed).isNotEmpty();
    for (CheckResult result : check(run)) {
      assertThat(result.violations()).as("seed %d: %s", seed, result.checker()).isEmpty();
    }
  }

  /**
   * A hint replayer that deletes each hint as it sends it, not on its owner's acknowledgement,
   * loses the write whenever the replay request is lost. Kills make hints; replays travel a link
   * that loses every fifth request (production's replayer times out and sends it again next round);
   * no read repair, and hint replay is the only repair. The convergence checker catches it at a
   * seed where production's replayer, at the same seed, converges: the catch is the early deletion,
   * not a fault hints cannot repair (a write lost in flight to a node that crashed gets no hint).
   */
  @Test
  void aHintReplayThatDeletesBeforeTheAcknowledgementIsCaught() {
    SimulationConfig hintsOnly =
        SimulationConfig.defaults()
            .withNodes(5)
            .withNemesis(Nemesis.kills(3))
            .withReadRepair(NO_READ_REPAIR)
            .withRepair(RepairPhase.HINT_REPLAY)
            .withoutPeriodicAntiEntropy()
            .withHints(HintedHandoff.PRODUCTION.withReplayLinks(LosesEveryNth::fifth));
    assertCaughtWhereProductionPasses(
        "SimulationTest.hintDeletedOnSend",
        hintsOnly,
        hintsOnly.withHints(hintsOnly.hints().withDeletion(new DeleteOnSend())),
        "a replay deleting hints before their acknowledgement",
        new ConvergenceChecker());
  }

  /**
   * An anti-entropy pass that skips the last leaf of every tree it compares leaves whatever differs
   * there unrepaired. Kills and lost messages make replicas diverge; anti-entropy on every node is
   * the only repair (no read repair, no hint replay, no periodic runs). The convergence checker
   * catches it at a seed where production's anti-entropy, at the same seed, converges.
   */
  @Test
  void anAntiEntropyPassThatSkipsTheLastLeafIsCaught() {
    AntiEntropy.Walk skipLastLeaf =
        (differing, depth) -> differing.stream().filter(leaf -> leaf != (1 << depth) - 1).toList();
    SimulationConfig antiEntropyOnly =
        SimulationConfig.defaults()
            .withNemesis(Nemesis.kills(3))
            .withReadRepair(NO_READ_REPAIR)
            .withHints(HintedHandoff.PRODUCTION.withMode(Handoff.OFF))
            .withoutPeriodicAntiEntropy()
            .withRepair(RepairPhase.ANTI_ENTROPY);
    assertCaughtWhereProductionPasses(
        "SimulationTest.antiEntropySkipsLastLeaf",
        antiEntropyOnly,
        antiEntropyOnly.withRepair(RepairPhase.antiEntropy(skipLastLeaf)),
        "an anti-entropy pass skipping the last leaf",
        new ConvergenceChecker());
  }

  /** Seeds of the ring-change batch: each run is ten times the default's workload. */
  static final int RING_CHANGE_SEEDS = 40;

  /**
   * Runs in which a join or a decommission completes while the clients still run: a workload ten
   * times the default's, and a ring change settling in two gossip rounds instead of ten, so that
   * reads meet the new ring and the old one both.
   */
  static SimulationConfig ringChangeConfig() {
    SimulationConfig defaults = SimulationConfig.defaults();
    return defaults
        .withWorkload(defaults.workload().withOperations(2_000))
        .withGossip(GossipSettings.defaults().withRingSettleRounds(2))
        .withNemesis(Nemesis.joinOrDecommission().and(Nemesis.messageLoss(0.05, 0.02)));
  }

  /**
   * A join (the spare receives its ranges while writes reach it as a pending replica, then serves
   * them) or a decommission (a node hands its ranges over, announces LEFT and stops) during the
   * workload loses no acknowledged write, keeps quorum reads seeing completed writes on either
   * ring, and the replicas of the final ring converge. Both kinds happen in the batch.
   */
  @Test
  void joinsAndDecommissionsDuringTheWorkloadPassEveryChecker() {
    List<Long> seeds = Seeds.seeds("SimulationTest.ringChanges", RING_CHANGE_SEEDS);
    int joined = 0;
    int left = 0;
    for (long seed : seeds) {
      SimulationRun run = Simulator.run(seed, ringChangeConfig());
      List<CheckResult> results = check(run);
      if (!results.stream().allMatch(CheckResult::passed)) {
        fail("seed %d failed: %s%n%s", seed, results, replayRingChanges(seed));
      }
      String log = run.log().text();
      joined += log.contains("node-4  membership: this node is NORMAL") ? 1 : 0;
      left += log.contains("left: stops for good") ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "SimulationTest.ringChanges: %d seeds passed; %d joins and %d decommissions completed%n",
        seeds.size(),
        joined,
        left);
    if (seeds.size() > 1) {
      assertThat(joined).as("joins completed").isPositive();
      assertThat(left).as("decommissions completed").isPositive();
    }
  }

  /**
   * A joining node that announces NORMAL without receiving its ranges serves reads of keys it never
   * got: a read at R=2 of it and one other replica misses a write that the replica leaving the
   * key's set and one other acknowledged. The quorum-read checker catches it where the same seed
   * with streaming passes. Thirty keys, so that many are not written while the node joins; heavy
   * loss, so that replicas miss writes; and no read repair, hints or periodic anti-entropy, which
   * would heal the joining node behind the broken movement's back.
   */
  @Test
  void aJoiningNodeThatServesRangesItNeverReceivedIsCaught() {
    SimulationConfig ringChanges = ringChangeConfig();
    SimulationConfig joins =
        ringChanges
            .withWorkload(ringChanges.workload().withKeys(30))
            .withReadRepair(NO_READ_REPAIR)
            .withHints(HintedHandoff.PRODUCTION.withMode(Handoff.OFF))
            .withoutPeriodicAntiEntropy()
            .withNemesis(
                (random, nodes) ->
                    FaultSchedule.builder()
                        .atMillis(0)
                        .messageLoss(0.2, 0)
                        .atMillis(random.nextLong(RandomFaults.START_MILLIS_MAX + 1))
                        .join(node(nodes.size()))
                        .build());
    assertCaughtWhereProductionPasses(
        "SimulationTest.joinWithoutStreaming",
        joins,
        joins.withTransfers(transfers -> List.of()),
        "a joining node serving ranges it never received",
        new ReadYourWritesChecker());
  }

  private static String replayRingChanges(long seed) {
    return "replay: mvn -pl store-core test"
        + " -Dtest=SimulationTest#joinsAndDecommissionsDuringTheWorkloadPassEveryChecker -D"
        + Seeds.PROPERTY
        + "="
        + seed;
  }

  /**
   * Conditional writes under contention: six clients whose every operation is conditional, on two
   * keys, over a slow and lossy network while nodes crash and restart within milliseconds. Every
   * run must be linearizable, and conclusively so.
   */
  @Test
  void contendedConditionalWritesWithQuickRestartsAreLinearizable() {
    SimulationConfig config = registerConfig(6);
    Checker checker = new RegisterLinearizabilityChecker();
    List<Long> seeds = Seeds.seeds("SimulationTest.contendedRegisters", SEEDS_DEFAULT / 2);
    int judged = 0;
    for (long seed : seeds) {
      CheckResult result = checker.check(Simulator.run(seed, config).history());
      if (!result.passed()) {
        fail("seed %d failed: %s%n%s", seed, result, replay(seed));
      }
      judged += result.applicable() ? 1 : 0;
    }
    assertThat(judged).as("runs judged").isEqualTo(seeds.size());
  }

  /**
   * Proposers that read only the versions replicas store, skipping the proposals they accepted,
   * overwrite a value a majority accepted whose commit has not arrived: a conditional write that
   * was answered as applied is lost, or a serial read sees a value go back.
   */
  @Test
  void aProposerThatSkipsAcceptedProposalsIsCaught() {
    assertCaughtWhereProductionPasses(
        "SimulationTest.proposersSkippingAccepted",
        registerConfig(),
        registerConfig().withPaxos(PaxosRules.PROPOSERS_SKIPPING_ACCEPTED),
        "proposers skipping accepted proposals",
        RegisterLinearizabilityChecker.provenViolationsOnly());
  }

  /**
   * Locks under contention: four lock clients on one lock, whose holders stall past their leases
   * and abandon the lock now and then, over a slow and lossy network while nodes crash and restart
   * within milliseconds. Tokens increase, no two holders overlap, stale fenced writes are refused.
   */
  @Test
  void contendedLocksWithQuickRestartsGrantOneHolderAtATime() {
    SimulationConfig config = lockConfig();
    Checker checker = new LockChecker();
    List<Long> seeds = Seeds.seeds("SimulationTest.contendedLocks", SEEDS_DEFAULT / 2);
    int grants = 0;
    int takeovers = 0;
    for (long seed : seeds) {
      History history = Simulator.run(seed, config).history();
      CheckResult result = checker.check(history);
      if (!result.passed()) {
        fail("seed %d failed: %s%n%s", seed, result, replay(seed));
      }
      grants += history.locks().grants().size();
      takeovers += refusedFencedWrites(history);
    }
    System.out.printf(
        Locale.ROOT,
        "contended locks: %d grants, %d stale fenced writes refused over %d seeds%n",
        grants,
        takeovers,
        seeds.size());
    assertThat(grants).as("grants").isGreaterThan(seeds.size() * 5);
    assertThat(takeovers).as("stale fenced writes refused").isPositive();
  }

  private static int refusedFencedWrites(History history) {
    int refused = 0;
    for (LockHistory.FencedWrite write : history.locks().fencedWrites()) {
      refused += Boolean.FALSE.equals(write.applied()) ? 1 : 0;
    }
    return refused;
  }

  /**
   * Locks while a node joins or decommissions: four lock clients writing eight fenced keys, the
   * ring-change batch's faults with more loss. A key's new replicas must know the fences its old
   * ones kept ({@code PaxosHandover}), or a stale holder's write is applied through a majority of
   * them. Every checker judges every run.
   */
  @Test
  void locksThroughJoinsAndDecommissionsGrantOneHolderAtATime() {
    List<Long> seeds = Seeds.seeds("SimulationTest.locksThroughRingChanges", RING_CHANGE_SEEDS);
    int grants = 0;
    int moved = 0;
    for (long seed : seeds) {
      SimulationRun run = Simulator.run(seed, lockRingChangeConfig());
      List<CheckResult> results = check(run);
      if (!results.stream().allMatch(CheckResult::passed)) {
        fail("seed %d failed: %s%n%s", seed, results, replayLocksThroughRingChanges(seed));
      }
      grants += run.history().locks().grants().size();
      moved += STATES_MOVED.matcher(run.log().text()).find() ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "SimulationTest.locksThroughRingChanges: %d seeds passed; %d grants; %d runs whose movement"
            + " handed Paxos state over%n",
        seeds.size(),
        grants,
        moved);
    if (seeds.size() > 1) {
      assertThat(moved).as("movements that handed Paxos state over").isPositive();
    }
  }

  private static String replayLocksThroughRingChanges(long seed) {
    return "replay: mvn -pl store-core test"
        + " -Dtest=SimulationTest#locksThroughJoinsAndDecommissionsGrantOneHolderAtATime -D"
        + Seeds.PROPERTY
        + "="
        + seed;
  }

  /** A movement's summary in the log, when it handed over some Paxos state. */
  private static final Pattern STATES_MOVED =
      Pattern.compile("Paxos states: ([1-9]\\d* in|0 in, [1-9])");

  /** {@link #ringChangeConfig} with four lock clients on eight fenced keys and 10% loss. */
  private static SimulationConfig lockRingChangeConfig() {
    SimulationConfig ringChanges = ringChangeConfig();
    return ringChanges
        .withWorkload(
            ringChanges
                .workload()
                .withRegisters(3, 0, 2)
                .withLocks(WorkloadSettings.LockSettings.DEFAULTS.withClients(4).withFencedKeys(8)))
        .withNemesis(Nemesis.joinOrDecommission().and(Nemesis.messageLoss(0.1, 0.02)));
  }

  /**
   * A lock that, taking over an expired holder's lease, hands out the expired grant's token again:
   * two grants share a token, and the stale holder's fenced writes are not refused.
   */
  @Test
  void aLockThatReusesATokenIsCaught() {
    assertCaughtWhereProductionPasses(
        "SimulationTest.locksReusingTokens",
        lockConfig(),
        lockConfig().withPaxos(PaxosRules.LOCKS_REUSING_TOKENS),
        "a lock reusing an expired grant's token",
        new LockChecker());
  }

  /**
   * A lock taken over after half an unchanged lease, while its holder still trusts 80% of it: two
   * holders at once.
   */
  @Test
  void aLockTakenOverBeforeItsLeaseRanOutIsCaught() {
    assertCaughtWhereProductionPasses(
        "SimulationTest.locksTakenOverEarly",
        lockConfig(),
        lockConfig().withPaxos(PaxosRules.LOCKS_TAKEN_OVER_EARLY),
        "a lock taken over after half a lease",
        new LockChecker());
  }

  /**
   * Proposers that read every key's fences as none apply a stale holder's fenced write after a
   * newer holder's.
   */
  @Test
  void fencesThatAreIgnoredAreCaught() {
    assertCaughtWhereProductionPasses(
        "SimulationTest.fencesIgnored",
        lockConfig(),
        lockConfig().withPaxos(PaxosRules.PROPOSERS_IGNORING_FENCES),
        "proposers ignoring fences",
        new LockChecker());
  }

  /**
   * A bank under contention: six clients moving money among four accounts and reading them all,
   * over a slow and lossy network while nodes crash and restart within milliseconds (coordinators
   * die between any two steps of a commit: their transactions' keys are resolved by whoever meets
   * them), clocks drifting as the defaults let them; a commit whose answer is lost is sent again
   * through another node, as the client library does. Every checker judges every run; the total
   * never changes, no aborted write is seen, and the committed transactions are serializable.
   */
  @Test
  void bankTransfersUnderCrashesStayAtomicAndSerializable() {
    List<Long> seeds = Seeds.seeds("SimulationTest.bank", SEEDS_DEFAULT / 2);
    Map<BankHistory.Outcome, Integer> outcomes = new EnumMap<>(BankHistory.Outcome.class);
    int judged = 0;
    int finalStates = 0;
    for (long seed : seeds) {
      SimulationRun run = Simulator.run(seed, bankConfig());
      BankHistory bank = run.history().bank();
      finalStates += bank.finalBalances().size() == bank.accounts() ? 1 : 0;
      List<CheckResult> results = check(run);
      if (!results.stream().allMatch(CheckResult::passed)) {
        fail("seed %d failed: %s%n%s", seed, results, replayBank(seed));
      }
      for (BankHistory.Txn txn : run.history().bank().transactions()) {
        outcomes.merge(txn.outcome(), 1, Integer::sum);
      }
      judged +=
          results.stream()
                  .anyMatch(
                      r -> r.checker().equals(new TransactionChecker().name()) && r.applicable())
              ? 1
              : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "SimulationTest.bank: %d seeds passed, %d judged by the transaction checker (%d with every"
            + " account read at the end); outcomes %s%n",
        seeds.size(),
        judged,
        finalStates,
        outcomes);
    assertThat(outcomes.getOrDefault(BankHistory.Outcome.COMMITTED, 0))
        .as("committed transactions")
        .isGreaterThan(seeds.size() * 5);
    if (seeds.size() > 1) {
      assertThat(outcomes.getOrDefault(BankHistory.Outcome.ABORTED, 0))
          .as("conflicts")
          .isPositive();
      assertThat(judged).as("runs judged").isGreaterThan(seeds.size() / 2);
      assertThat(finalStates).as("runs whose final state was read").isGreaterThan(seeds.size() / 2);
    }
  }

  @Test
  void writesAppliedBeforeTheRecordCommitsAreCaught() {
    assertCaughtWhereProductionPasses(
        "SimulationTest.transactionsApplyingEarly",
        bankConfig(),
        bankConfig().withPaxos(PaxosRules.TRANSACTIONS_APPLYING_BEFORE_COMMIT),
        "writes applied before their transaction's record committed",
        new TransactionChecker());
  }

  @Test
  void aResolverThatAbortsCommittedTransactionsIsCaught() {
    assertCaughtWhereProductionPasses(
        "SimulationTest.resolversAbortingCommitted",
        bankConfig(),
        bankConfig().withPaxos(PaxosRules.RESOLVERS_ABORTING_COMMITTED),
        "resolvers dropping committed transactions' intents",
        new TransactionChecker());
  }

  @Test
  void intentsNobodySweepsAreCaught() {
    assertCaughtWhereProductionPasses(
        "SimulationTest.intentsNotSwept",
        bankConfig(),
        bankConfig().withPaxos(PaxosRules.INTENTS_NOT_SWEPT),
        "intents left for whoever meets them, never swept",
        new TransactionChecker());
  }

  static SimulationConfig bankConfig() {
    SimulationConfig defaults = SimulationConfig.defaults();
    return defaults
        .withWorkload(
            defaults
                .workload()
                .withRegisters(1, 0, 1)
                .withLockClients(0)
                .withBank(new WorkloadSettings.BankSettings(6, 4)))
        .withNetwork(defaults.network().withLatency(500, 20_000))
        .withNemesis(Nemesis.messageLoss(0.1, 0.02).and(Nemesis.quickRestarts(60)));
  }

  private static String replayBank(long seed) {
    return replay(seed) + " (bankConfig)";
  }

  /**
   * Four lock clients and no other conditional operations, on {@link #registerConfig}'s faults,
   * with clocks drifting as far as the simulator allows (10% either way): the client library's
   * safety margin must cover it.
   */
  private static SimulationConfig lockConfig() {
    SimulationConfig defaults = SimulationConfig.defaults();
    return defaults
        .withClockDrift(NodeClock.DRIFT_PPM_MAX)
        .withWorkload(defaults.workload().withRegisters(3, 0, 2).withLockClients(4))
        .withNetwork(defaults.network().withLatency(500, 20_000))
        .withNemesis(Nemesis.messageLoss(0.1, 0.02).and(Nemesis.quickRestarts(60)));
  }

  /**
   * What the Paxos bite proof runs (the forgetful acceptor's is {@code PaxosInterleavingTest}: a
   * forgotten promise turned into a lost write in fewer than one run of 200 here): twelve clients
   * whose every operation is conditional, on one key, so that rounds contend, over a slow and lossy
   * network (a 20 ms mean tail: rounds overlap for tens of milliseconds; a tenth of the messages
   * lost: majorities form from every subset) while nodes crash and restart within milliseconds.
   */
  private static SimulationConfig registerConfig() {
    return registerConfig(12);
  }

  /** {@link #registerConfig()} with {@code clients} clients. */
  private static SimulationConfig registerConfig(int clients) {
    SimulationConfig defaults = SimulationConfig.defaults();
    return defaults
        .withWorkload(defaults.workload().withRegisters(clients, 100, 2))
        .withNetwork(defaults.network().withLatency(500, 20_000))
        .withNemesis(Nemesis.messageLoss(0.1, 0.02).and(Nemesis.quickRestarts(60)));
  }

  /**
   * Coordinators that make a new version's clock as before dotted clocks (the context with the
   * coordinator's entry raised to the write's counter) claim the coordinator's events between the
   * two: of two writes from one context through one coordinator, the later supersedes the earlier
   * though its writer never saw it. The no-lost-write checker judges supersession from the history,
   * not from the clocks, and catches it.
   */
  @Test
  void clocksThatClaimTheCoordinatorsOtherWritesLoseAWriteAndAreCaught() {
    NewClock claimsTheGap =
        (context, self, counter, nowMillis, entriesMax) ->
            context.advance(self, counter, nowMillis, entriesMax);
    assertCaughtWhereProductionPasses(
        "SimulationTest.clocksClaimingTheGap",
        SimulationConfig.defaults(),
        SimulationConfig.defaults().withNewClock(claimsTheGap),
        "clocks claiming the coordinator's other writes",
        new NoLostWriteChecker());
  }

  /**
   * Runs seeds until {@code checker} fails a run of {@code broken} whose seed, run with {@code
   * production}, passes: the catch is the broken part, not a fault nothing could repair.
   */
  private static void assertCaughtWhereProductionPasses(
      String testName,
      SimulationConfig production,
      SimulationConfig broken,
      String brokenWhat,
      Checker checker) {
    List<Long> seeds = Seeds.seeds(testName, SEEDS_DEFAULT);
    for (int i = 0; i < seeds.size(); i++) {
      long seed = seeds.get(i);
      CheckResult caught = checker.check(Simulator.run(seed, broken).history());
      if (!caught.passed() && checker.check(Simulator.run(seed, production).history()).passed()) {
        System.out.printf(
            Locale.ROOT,
            "%s: caught %s at seed %d, try %d of %d, where production passes: %s%n",
            testName,
            brokenWhat,
            seed,
            i + 1,
            seeds.size(),
            caught.violations().get(0));
        return;
      }
    }
    assumeTrue(seeds.size() == SEEDS_DEFAULT, "replaying one seed, which did not catch it");
    fail("%s: no seed of %d caught %s", checker.name(), seeds.size(), brokenWhat);
  }

  /**
   * A failure detector tuned far too tight (suspect at phi 0.3, convict at 0.5: a fraction of one
   * heartbeat interval of silence) convicts live nodes on a calm network.
   */
  @Test
  void aDetectorConvictingTooEagerlyIsCaught() {
    assertCaught(
        "SimulationTest.eagerDetector",
        SimulationConfig.defaults()
            .withNemesis(Nemesis.none())
            .withGossip(GossipSettings.defaults().withPhi(0.3, 0.5)),
        "a detector convicting at phi 0.5",
        new NoFalseConvictionChecker());
  }

  /**
   * A node that stops answering gossip once it has coordinated a client request (as a gossip
   * handler stuck behind a lock would) keeps gossiping itself, so the others still hear its
   * heartbeats; but their own rounds to it go unanswered, so they suspect it for ever and
   * membership never converges after the heal.
   */
  @Test
  void aNodeThatStopsAnsweringGossipIsCaught() {
    NodeId stuck = NodeId.of("node-2");
    assertCaught(
        "SimulationTest.stuckGossip",
        SimulationConfig.defaults()
            .withNemesis(Nemesis.none())
            .withHandlers(
                (node, handler) ->
                    node.equals(stuck) ? new StopsAnsweringGossip(handler) : handler),
        stuck + " answering no gossip after its first client request",
        new MembershipConvergenceChecker());
  }

  /** Defaults, with {@code liars} acknowledging every {@code everyNth} write without storing it. */
  private static SimulationConfig brokenReplicas(Set<NodeId> liars, int everyNth) {
    return SimulationConfig.defaults()
        .withEngines(
            (node, engine) ->
                liars.contains(node) ? new AckWithoutStoring(engine, everyNth) : engine);
  }

  private static void assertCaught(
      String testName, SimulationConfig broken, String brokenWhat, Checker checker) {
    List<Long> seeds = Seeds.seeds(testName, SEEDS_DEFAULT);
    for (int i = 0; i < seeds.size(); i++) {
      CheckResult result = checker.check(Simulator.run(seeds.get(i), broken).history());
      if (!result.passed()) {
        System.out.printf(
            Locale.ROOT,
            "%s: %s caught %s at seed %d, try %d of %d: %s%n",
            testName,
            checker.name(),
            brokenWhat,
            seeds.get(i),
            i + 1,
            seeds.size(),
            result.violations().get(0));
        return;
      }
    }
    assumeTrue(
        seeds.size() == SEEDS_DEFAULT,
        "replaying one seed, which did not catch " + brokenWhat + "; the batch must catch it");
    fail("%s: no seed of %d caught %s", checker.name(), seeds.size(), brokenWhat);
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

  /**
   * A second JVM (its own identity hash codes, class-loading order and JIT) replays the seed to the
   * same log: replay does not depend on anything one JVM happens to share between two runs.
   */
  @Test
  void aSeedReplaysToTheSameLogInAnotherJvm() throws Exception {
    long seed = Seeds.seed("SimulationTest.replayElsewhere");
    String here = sha256(Simulator.run(seed, replayConfig()).log().text());

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                ReplayInAnotherJvm.class.getName(),
                Long.toString(seed))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String elsewhere;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      elsewhere = out.readLine();
    }
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM finishes").isTrue();

    assertThat(child.exitValue()).isZero();
    assertThat(elsewhere).as("log sha-256 in another JVM; %s", replay(seed)).isEqualTo(here);
  }

  /** A digest of the log, to compare runs of one seed across JVMs and machines. */
  static String sha256(String log) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(log.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
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
