package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.Operation.Kind;
import io.ringstore.core.simulation.Operation.Outcome;
import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checkers on hand-written histories: they pass what is right and flag what is not. */
class CheckerTest {
  private static final NodeId A = NodeId.of("node-0");
  private static final NodeId B = NodeId.of("node-1");
  private static final NodeId C = NodeId.of("node-2");
  private static final VectorClock A1 = clock(A, 1);
  private static final VectorClock A2 = clock(A, 2);
  private static final VectorClock B1 = clock(B, 1);

  @Test
  void aPutHeldOrSupersededByTheFinalReadIsNotLost() {
    assertThat(lost(put(1, A1, 0, 10), finalRead(A1)).passed()).isTrue();
    assertThat(lost(put(1, A1, 0, 10), finalRead(A2)).passed()).isTrue();
    assertThat(lost(put(1, A1, 0, 10), finalRead(B1, A1)).passed()).as("a sibling").isTrue();
  }

  @Test
  void aPutMissingFromTheFinalReadOrOnlyConcurrentWithItIsLost() {
    assertThat(lost(put(1, A2, 0, 10), finalRead(A1)).violations()).hasSize(1);
    assertThat(lost(put(1, A1, 0, 10), finalRead(B1)).violations()).hasSize(1);
    assertThat(lost(put(1, A1, 0, 10), finalRead()).violations()).hasSize(1);
  }

  @Test
  void aPutSupersededByAWriteWhoseWriterNeverSawItIsLost() {
    VectorClock first = dotted(A, 5);
    VectorClock claimsTheGap = clock(A, 6);
    History history = history();
    history.add(write(1, 0, "v1", first, -1));
    history.add(write(2, 1, "v2", claimsTheGap, -1));
    history.addFinalRead(finalReadOf(value(claimsTheGap, "v2")));

    CheckResult result = new NoLostWriteChecker().check(history);

    assertThat(claimsTheGap.compare(first))
        .as("the store's clocks say superseded")
        .isEqualTo(Occurred.AFTER);
    assertThat(result.violations()).hasSize(1).first().asString().contains("lost op 1 ");
  }

  @Test
  void aPutSupersededByAWriteWhoseWriterReadItIsNotLost() {
    VectorClock first = dotted(A, 5);
    VectorClock second = clock(A, 6);
    History history = history();
    history.add(write(1, 0, "v1", first, -1));
    history.add(readOf(2, 1, value(first, "v1")));
    history.add(write(3, 1, "v2", second, 2));
    history.addFinalRead(finalReadOf(value(second, "v2")));

    assertThat(new NoLostWriteChecker().check(history).passed()).isTrue();
  }

  @Test
  void aPutSupersededThroughTheWritersOwnEarlierWriteIsNotLost() {
    VectorClock first = dotted(A, 5);
    VectorClock mine = dotted(B, 3);
    VectorClock last = clock(A, 6);
    History history = history();
    history.add(write(1, 0, "v1", first, -1));
    history.add(readOf(2, 1, value(first, "v1")));
    history.add(write(3, 1, "v2", mine, 2));
    history.add(write(4, 1, "v3", last, 3));
    history.addFinalRead(finalReadOf(value(last, "v3")));

    assertThat(new NoLostWriteChecker().check(history).passed()).isTrue();
  }

  @Test
  void aReadReturningOneValueTwiceIsFlagged() {
    History history = history();
    history.add(readOf(1, 0, value(dotted(A, 5), "v1"), value(dotted(B, 3), "v1")));
    history.add(readOf(2, 0, value(dotted(A, 5), "v1"), value(dotted(B, 3), "v2")));
    history.addFinalRead(finalReadOf(value(dotted(A, 5), "v1")));

    CheckResult result = new OneSiblingPerValueChecker().check(history);

    assertThat(result.violations()).hasSize(1).first().asString().startsWith("op 1 ");
  }

  @Test
  void aQuorumReadAfterAQuorumWriteMustSeeIt() {
    History history = history();
    history.add(put(1, A2, 0, 10));
    history.add(get(2, 11, 20, A1));
    history.add(get(3, 5, 20, A1));
    history.add(get(4, 12, 20, A2));

    CheckResult result = new ReadYourWritesChecker().check(history);

    assertThat(result.violations()).hasSize(1).first().asString().startsWith("op 2 ");
  }

  @Test
  void aWriteIsJudgedWhileNoMoreThanNMinusWOfItsReplicasLoseTheirDisks() {
    History oneLoss = history();
    oneLoss.setFaults(disksLost(loss(A, 5), loss(A, 50), loss(NodeId.of("node-9"), 50)));

    assertThat(lost(oneLoss, put(1, A1, 0, 10), finalRead()).violations()).hasSize(1);
  }

  @Test
  void aWriteIsExcusedWhenMoreThanNMinusWOfItsReplicasLoseTheirDisksAfterIt() {
    History twoLosses = history();
    twoLosses.setFaults(disksLost(loss(A, 5), loss(B, 50)));
    History lostBefore = history();
    lostBefore.setFaults(disksLost(loss(A, 1), loss(B, 1)));

    assertThat(lost(twoLosses, put(1, A1, 2, 10), finalRead()).passed()).isTrue();
    assertThat(lost(lostBefore, put(1, A1, 2, 10), finalRead()).violations()).hasSize(1);
  }

  @Test
  void aQuorumReadIsNotJudgedAfterAReplicaLostItsDiskBetweenTheWriteAndTheRead() {
    History history = history();
    history.add(put(1, A2, 0, 10));
    history.add(get(2, 11, 20, A1));
    history.setFaults(disksLost(loss(C, 15)));

    assertThat(new ReadYourWritesChecker().check(history).passed()).isTrue();
  }

  @Test
  void replicasHoldingDifferentVersionsHaveNotConverged() {
    History history = history();
    history.addReplicaState("k", A, versions(A1));
    history.addReplicaState("k", B, versions(A1));
    history.addReplicaState("k", C, versions(A1, B1));

    assertThat(new ConvergenceChecker().check(history).violations())
        .hasSize(1)
        .first()
        .asString()
        .startsWith("k: node-2 holds");
  }

  @Test
  void replicasHoldingOneVersionSetInAnyOrderHaveConverged() {
    History history = history();
    history.addReplicaState("k", A, versions(A1, B1));
    history.addReplicaState("k", B, versions(B1, A1));
    history.addReplicaState("k", C, versions(A1, B1));

    assertThat(new ConvergenceChecker().check(history).passed()).isTrue();
  }

  @Test
  void convergenceIsJudgedEvenWhenAReplicaWriteMayHaveBeenLost() {
    History history = history();
    history.setFaults(new FaultFacts(List.of(), false, true));
    history.addReplicaState("k", A, versions(A1));
    history.addReplicaState("k", B, versions(A1));
    history.addReplicaState("k", C, versions());

    CheckResult result = new ConvergenceChecker().check(history);

    assertThat(result.applicable()).as("the repair phase must have restored it").isTrue();
    assertThat(result.passed()).isFalse();
  }

  @Test
  void membershipConvergingPastTenSecondsFailsARunWhoseRingDidNotChange() {
    History history = history();
    history.setMembership(new MembershipFacts(List.of(), 10_250_000_000L));

    CheckResult result = new MembershipConvergenceChecker().check(history);

    assertThat(result.passed()).isFalse();
    assertThat(result.violations().get(0)).contains("over the bound of 10000 ms");
  }

  @Test
  void aRunWhoseRingChangedMayConvergeUpToTheSettleTimeAndAStreamLater() {
    History history = history();
    history.setFaults(new FaultFacts(List.of(), false, false, true));
    history.setMembership(new MembershipFacts(List.of(), 24_000_000_000L));

    assertThat(new MembershipConvergenceChecker().check(history).passed()).isTrue();

    history.setMembership(new MembershipFacts(List.of(), 25_500_000_000L));
    assertThat(new MembershipConvergenceChecker().check(history).passed()).isFalse();
  }

  @Test
  void aJoinOrADecommissionAppliedIsRecordedAsARingChange() {
    FaultFacts.Recorder recorder = new FaultFacts.Recorder(NetworkFaults.reliable());
    recorder.applied(new Fault.Kill(A), 1);
    assertThat(recorder.facts().ringChanged()).isFalse();

    recorder.applied(new Fault.Join(A), 2);
    assertThat(recorder.facts().ringChanged()).isTrue();

    FaultFacts.Recorder leaving = new FaultFacts.Recorder(NetworkFaults.reliable());
    leaving.applied(new Fault.Decommission(B), 3);
    assertThat(leaving.facts().ringChanged()).isTrue();
  }

  private static FaultFacts disksLost(FaultFacts.DiskLoss... losses) {
    return new FaultFacts(List.of(losses), true, true);
  }

  private static FaultFacts.DiskLoss loss(NodeId node, long atNanos) {
    return new FaultFacts.DiskLoss(node, atNanos);
  }

  private static CheckResult lost(Operation put, Operation finalRead) {
    return lost(history(), put, finalRead);
  }

  private static CheckResult lost(History history, Operation put, Operation finalRead) {
    history.add(put);
    history.addFinalRead(finalRead);
    return new NoLostWriteChecker().check(history);
  }

  private static History history() {
    History history = new History(List.of("k"), 3);
    for (NodeId replica : List.of(A, B, C)) {
      history.addReplicaState("k", replica, List.of());
    }
    return history;
  }

  private static Operation put(long id, VectorClock clock, long invoked, long completed) {
    return new Operation(
        id,
        0,
        Kind.PUT,
        "k",
        "v" + id,
        2,
        "node-0",
        invoked,
        completed,
        Outcome.OK,
        clock,
        List.of(),
        -1);
  }

  private static Operation get(long id, long invoked, long completed, VectorClock... seen) {
    return new Operation(
        id,
        1,
        Kind.GET,
        "k",
        null,
        2,
        "node-0",
        invoked,
        completed,
        Outcome.OK,
        null,
        versions(seen),
        -1);
  }

  private static Operation finalRead(VectorClock... seen) {
    return new Operation(
        99, -1, Kind.GET, "k", null, 3, "node-0", 100, 110, Outcome.OK, null, versions(seen), -1);
  }

  /**
   * An acknowledged put of {@code value} by {@code client} through node-0, its context from op
   * {@code contextOpId}.
   */
  private static Operation write(
      long id, int client, String value, VectorClock clock, long contextOpId) {
    String coordinator = clock.node(clock.size() - 1).value();
    return new Operation(
        id,
        client,
        Kind.PUT,
        "k",
        value,
        2,
        coordinator,
        id * 10,
        id * 10 + 5,
        Outcome.OK,
        clock,
        List.of(),
        contextOpId);
  }

  private static Operation readOf(long id, int client, Versioned... seen) {
    return new Operation(
        id,
        client,
        Kind.GET,
        "k",
        null,
        2,
        "node-0",
        id * 10,
        id * 10 + 5,
        Outcome.OK,
        null,
        List.of(seen),
        -1);
  }

  private static Operation finalReadOf(Versioned... seen) {
    return new Operation(
        99, -1, Kind.GET, "k", null, 3, "node-0", 1000, 1010, Outcome.OK, null, List.of(seen), -1);
  }

  private static Versioned value(VectorClock clock, String value) {
    return Versioned.of(clock, 1, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code node}'s single event {@code counter}, with a gap below it. */
  private static VectorClock dotted(NodeId node, long counter) {
    return VectorClock.of(
        List.of(new VectorClock.Entry(node, counter, 1, new long[] {counter, counter})));
  }

  private static List<Versioned> versions(VectorClock... clocks) {
    return List.of(clocks).stream().map(c -> Versioned.of(c, 1, new byte[] {1})).toList();
  }

  private static VectorClock clock(NodeId node, long counter) {
    return VectorClock.of(List.of(new VectorClock.Entry(node, counter, 1)));
  }
}
