package io.ringstore.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a plan orders replicas by what the coordinator believes of them, and when it asks them. */
class QuorumPlanTest {
  private static final byte[] KEY = "some-key".getBytes(StandardCharsets.UTF_8);
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final QuorumDefaults DEFAULTS = QuorumDefaults.defaults();

  /** A ring of {@code members} members, {@code n} replicas per key. */
  private static Ring ring(int members, int n) {
    List<Member> list = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      list.add(Member.of("m" + i, "127.0.0.1", 7000 + i));
    }
    return Ring.of(RingConfig.defaults().withReplicationFactor(n).withVnodesPerUnitWeight(8), list);
  }

  /** The key's replicas in preference-list order. */
  private static List<NodeId> replicas(Ring ring) {
    return ring.preferenceList(KEY).replicas().stream().map(Member::id).toList();
  }

  private static QuorumPlan.Ask plan(
      NodeId self, Ring ring, QuorumPlan.Operation operation, NodeStates states, long delayNanos) {
    return plan(self, ring, operation, states, delayNanos, WireLimits.TIMEOUT_MILLIS_DEFAULT);
  }

  private static QuorumPlan.Ask plan(
      NodeId self,
      Ring ring,
      QuorumPlan.Operation operation,
      NodeStates states,
      long delayNanos,
      int timeoutMillis) {
    return plan(self, ring, List.of(), operation, states, delayNanos, timeoutMillis);
  }

  private static QuorumPlan.Ask plan(
      NodeId self,
      Ring ring,
      List<Ring> pendingRings,
      QuorumPlan.Operation operation,
      NodeStates states,
      long delayNanos,
      int timeoutMillis) {
    QuorumPlan plan =
        QuorumPlan.of(
            self,
            ring,
            pendingRings,
            KEY,
            Consistency.nodeDefault(),
            operation,
            timeoutMillis,
            DEFAULTS,
            new QuorumPlan.Liveness(states, delayNanos));
    assertThat(plan).isInstanceOf(QuorumPlan.Ask.class);
    return (QuorumPlan.Ask) plan;
  }

  private static NodeStates states(Object... nodesAndStates) {
    Map<NodeId, NodeState> map = new HashMap<>();
    for (int i = 0; i < nodesAndStates.length; i += 2) {
      map.put((NodeId) nodesAndStates[i], (NodeState) nodesAndStates[i + 1]);
    }
    return NodeStates.of(map);
  }

  @Test
  void replicasComeSelfFirstThenUpSuspectDownEachInPreferenceOrder() {
    Ring ring = ring(7, 5);
    List<NodeId> r = replicas(ring);
    NodeStates states =
        states(r.get(0), NodeState.DOWN, r.get(1), NodeState.SUSPECT, r.get(4), NodeState.SUSPECT);

    QuorumPlan.Ask read = plan(r.get(3), ring, QuorumPlan.Operation.READ, states, 10 * MS);

    assertThat(read.replicas()).containsExactly(r.get(3), r.get(2), r.get(1), r.get(4), r.get(0));
  }

  @Test
  void aCoordinatorThatIsNoReplicaOrdersOnlyTheReplicas() {
    Ring ring = ring(7, 3);
    List<NodeId> r = replicas(ring);
    NodeId outsider =
        ring.members().stream().map(Member::id).filter(id -> !r.contains(id)).findFirst().get();

    QuorumPlan.Ask read =
        plan(outsider, ring, QuorumPlan.Operation.READ, states(r.get(0), NodeState.DOWN), 10 * MS);

    assertThat(read.replicas()).containsExactly(r.get(1), r.get(2), r.get(0));
  }

  @Test
  void aWriteAsksEveryReplicaAtOnceWhenNoneIsDown() {
    Ring ring = ring(5, 3);
    List<NodeId> r = replicas(ring);

    QuorumPlan.Ask write =
        plan(r.get(0), ring, QuorumPlan.Operation.WRITE, states(r.get(1), NodeState.SUSPECT), MS);

    assertThat(write.askedFirst()).isEqualTo(3);
    assertThat(write.asksLater()).isFalse();
    assertThat(write.required()).isEqualTo(2);
  }

  @Test
  void aWriteAsksTheReplicasNotDownAtOnceWhenTheyCanMakeW() {
    Ring ring = ring(5, 3);
    List<NodeId> r = replicas(ring);

    QuorumPlan.Ask write =
        plan(r.get(0), ring, QuorumPlan.Operation.WRITE, states(r.get(1), NodeState.DOWN), 7 * MS);

    assertThat(write.replicas()).containsExactly(r.get(0), r.get(2), r.get(1));
    assertThat(write.askedFirst()).isEqualTo(2);
    assertThat(write.fallbackNanos()).isEqualTo(7 * MS);
  }

  @Test
  void aWriteAsksEveryReplicaAtOnceWhenThoseNotDownCannotMakeW() {
    Ring ring = ring(5, 3);
    List<NodeId> r = replicas(ring);
    NodeStates twoDown = states(r.get(1), NodeState.DOWN, r.get(2), NodeState.DOWN);

    QuorumPlan.Ask write = plan(r.get(0), ring, QuorumPlan.Operation.WRITE, twoDown, 7 * MS);

    assertThat(write.askedFirst()).isEqualTo(3);
    assertThat(write.asksLater()).isFalse();
  }

  @Test
  void aReadAsksRFirstAndTheRestAfterTheSpeculativeDelay() {
    Ring ring = ring(5, 3);
    NodeId self = replicas(ring).get(0);

    QuorumPlan.Ask read = plan(self, ring, QuorumPlan.Operation.READ, NodeStates.ALL_UP, 5 * MS);

    assertThat(read.askedFirst()).isEqualTo(2);
    assertThat(read.fallbackNanos()).isEqualTo(5 * MS);
    assertThat(read.timeoutNanos()).isEqualTo(2_000 * MS);
  }

  @Test
  void theFallbackIsAtMostFiftyMillisecondsAndAQuarterOfTheTimeout() {
    Ring ring = ring(5, 3);
    NodeId self = replicas(ring).get(0);
    QuorumPlan.Operation read = QuorumPlan.Operation.READ;

    assertThat(plan(self, ring, read, NodeStates.ALL_UP, 100 * MS).fallbackNanos())
        .isEqualTo(50 * MS);
    assertThat(plan(self, ring, read, NodeStates.ALL_UP, 100 * MS, 100).fallbackNanos())
        .isEqualTo(25 * MS);
    assertThat(plan(self, ring, read, NodeStates.ALL_UP, 10 * MS, 100).fallbackNanos())
        .isEqualTo(10 * MS);
    assertThat(QuorumPlan.fallbackNanos(400 * MS, 120 * MS)).isEqualTo(50 * MS);
    assertThat(QuorumPlan.fallbackNanos(40 * MS, 120 * MS)).isEqualTo(10 * MS);
    assertThat(QuorumPlan.fallbackNanos(400 * MS, 3 * MS)).isEqualTo(3 * MS);
  }

  @Test
  void aWriteDuringAJoinAlsoGoesToTheJoiningReplicaAndWaitsForOneMoreAcknowledgement() {
    Ring ring = ring(5, 3);
    Member joining = Member.of("m9", "127.0.0.1", 7009);
    Ring future = joiningOwner(ring, joining);
    List<NodeId> r = replicas(ring);

    QuorumPlan.Ask write =
        plan(
            r.get(0),
            ring,
            List.of(future),
            QuorumPlan.Operation.WRITE,
            NodeStates.ALL_UP,
            MS,
            WireLimits.TIMEOUT_MILLIS_DEFAULT);

    assertThat(write.replicas()).containsExactly(r.get(0), r.get(1), r.get(2), joining.id());
    assertThat(write.required()).isEqualTo(3);
    assertThat(write.standIns()).extracting(Member::id).doesNotContain(joining.id());
  }

  @Test
  void aReadDuringAJoinAsksTheCurrentReplicasOnly() {
    Ring ring = ring(5, 3);
    Ring future = joiningOwner(ring, Member.of("m9", "127.0.0.1", 7009));
    List<NodeId> r = replicas(ring);

    QuorumPlan.Ask read =
        plan(
            r.get(0),
            ring,
            List.of(future),
            QuorumPlan.Operation.READ,
            NodeStates.ALL_UP,
            MS,
            WireLimits.TIMEOUT_MILLIS_DEFAULT);

    assertThat(read.replicas()).containsExactlyInAnyOrderElementsOf(r);
    assertThat(read.required()).isEqualTo(2);
  }

  @Test
  void aPendingRingWithTheSameReplicasAddsNothing() {
    Ring ring = ring(5, 3);

    QuorumPlan.Ask write =
        plan(
            replicas(ring).get(0),
            ring,
            List.of(ring.withEpoch(ring.epoch() + 7)),
            QuorumPlan.Operation.WRITE,
            NodeStates.ALL_UP,
            MS,
            WireLimits.TIMEOUT_MILLIS_DEFAULT);

    assertThat(write.replicas()).hasSize(3);
    assertThat(write.required()).isEqualTo(2);
  }

  /** {@code ring} plus {@code joining}, with tokens chosen so that it replicates {@link #KEY}. */
  private static Ring joiningOwner(Ring ring, Member joining) {
    long token = ring.config().partitioner().token(KEY);
    long[] tokens = ring.tokensFor(joining);
    long[] withKey = java.util.Arrays.copyOf(tokens, tokens.length + 1);
    withKey[tokens.length] = token;
    java.util.Arrays.sort(withKey);
    Ring future = ring.withMember(joining, withKey);
    assertThat(future.preferenceList(KEY).isReplica(joining.id())).isTrue();
    return future;
  }
}
