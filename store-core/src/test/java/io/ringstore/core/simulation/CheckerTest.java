package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.Operation.Kind;
import io.ringstore.core.simulation.Operation.Outcome;
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
        List.of());
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
        versions(seen));
  }

  private static Operation finalRead(VectorClock... seen) {
    return new Operation(
        99, -1, Kind.GET, "k", null, 3, "node-0", 100, 110, Outcome.OK, null, versions(seen));
  }

  private static List<Versioned> versions(VectorClock... clocks) {
    return List.of(clocks).stream().map(c -> Versioned.of(c, 1, new byte[] {1})).toList();
  }

  private static VectorClock clock(NodeId node, long counter) {
    return VectorClock.of(List.of(new VectorClock.Entry(node, counter, 1)));
  }
}
