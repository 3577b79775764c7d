package io.ringstore.core.membership;

import static io.ringstore.core.membership.GossipTestCluster.id;
import static io.ringstore.core.membership.GossipTestCluster.signature;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.core.wire.GossipAck;
import io.ringstore.core.wire.GossipAck2;
import io.ringstore.core.wire.GossipInfo;
import io.ringstore.core.wire.GossipState;
import io.ringstore.core.wire.GossipSyn;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Component tests of {@link GossipMembership}: real memberships on a {@link GossipTestNetwork} with
 * a 1 ms latency, one manual clock and scheduler, the default settings (one round a second, fanout
 * 3, suspect at phi 5, convict at phi 8, judged every 100 ms). Nodes started at time 0 run their
 * rounds on whole seconds.
 */
class GossipMembershipTest {
  private static final GossipSettings SETTINGS = GossipSettings.defaults();
  private static final int VNODES = GossipTestCluster.RING.vnodesFor(1.0);
  private static final long FORMED_MILLIS = 30_000;

  @Test
  void threeNodesStartedAtTheSameMomentFormOneRingWithDistinctTokens() {
    for (long seed : Seeds.seeds("threeNodesStartedAtTheSameMomentFormOneRing", 10)) {
      GossipTestNetwork network = new GossipTestNetwork(1);
      GossipTestCluster cluster = new GossipTestCluster(network, SETTINGS, 1, seed);
      cluster.startAll(3);

      network.advanceMillis(FORMED_MILLIS);

      Ring ring = cluster.node(1).current();
      assertThat(ring.members()).extracting(Member::id).containsExactly(id(1), id(2), id(3));
      Set<Long> allTokens = new HashSet<>();
      for (int i = 1; i <= 3; i++) {
        long[] tokens = ring.tokensOf(id(i));
        assertThat(tokens).as("seed %d: tokens of node %d", seed, i).hasSize(VNODES);
        for (long token : tokens) {
          assertThat(allTokens.add(token))
              .as("seed %d: token %d owned twice", seed, token)
              .isTrue();
        }
      }
      for (GossipMembership node : cluster.nodes()) {
        assertThat(signature(node.current())).as("seed %d", seed).isEqualTo(signature(ring));
        assertThat(node.status()).isEqualTo(MemberStatus.NORMAL);
        assertThat(node.states().allUp()).as("seed %d: %s", seed, node.states()).isTrue();
      }
    }
  }

  /**
   * Twenty nodes started at the same moment: too many for the one-after-the-other choice by id to
   * finish before the later ones stop waiting, so several choose on the same ring at once and
   * announce some of the same tokens. Each loser (the larger id) must choose again, so that every
   * node ends on the ring with all its tokens. Without {@code chooseAgainIfTokensTaken} the ring
   * kept 19 of 20 members, for ever.
   */
  @Test
  void twentyNodesStartedAtTheSameMomentAllEndOnOneRingWithAllTheirTokens() {
    int nodes = 20;
    for (long seed : Seeds.seeds("twentyNodesStartedAtTheSameMoment", 3)) {
      GossipTestNetwork network = new GossipTestNetwork(1);
      GossipTestCluster cluster = new GossipTestCluster(network, SETTINGS, 1, seed);
      cluster.startAll(nodes);

      network.advanceMillis(120_000);

      assertThat(cluster.agree(nodes)).as("seed %d: one ring of %d members", seed, nodes).isTrue();
      Ring ring = cluster.node(1).current();
      for (int i = 1; i <= nodes; i++) {
        assertThat(ring.tokensOf(id(i))).as("seed %d: tokens of node %d", seed, i).hasSize(VNODES);
      }
    }
  }

  @Test
  void aRestartedNodeRoutesOnTheRingItLeftBeforeAnyGossipAndItsGenerationGrows() {
    long seed = Seeds.seed("aRestartedNodeRoutesOnTheRingItLeft");
    GossipTestNetwork network = new GossipTestNetwork(1);
    GossipTestCluster cluster = new GossipTestCluster(network, SETTINGS, 1, seed);
    cluster.startAll(3);
    network.advanceMillis(FORMED_MILLIS);
    Ring before = cluster.node(2).current();
    long generationBefore = cluster.node(2).generation();

    GossipMembership restarted = cluster.create(2, cluster.store(2));

    assertThat(restarted.current().isEmpty()).isFalse();
    assertThat(restarted.current().members())
        .extracting(Member::id)
        .containsExactly(id(1), id(2), id(3));
    for (int i = 1; i <= 3; i++) {
      assertThat(restarted.current().tokensOf(id(i))).containsExactly(before.tokensOf(id(i)));
    }
    assertThat(restarted.status()).isEqualTo(MemberStatus.NORMAL);
    assertThat(restarted.generation()).isEqualTo(generationBefore + 1);

    restarted.start();
    network.advanceMillis(5_000);

    assertThat(cluster.agree(3)).isTrue();
    assertThat(viewOf(cluster.node(1), id(2)).generation()).isEqualTo(generationBefore + 1);
    assertThat(cluster.node(1).current().tokensOf(id(2))).containsExactly(before.tokensOf(id(2)));
  }

  /**
   * With heartbeats a second apart and no jitter, phi reaches 5 about 1.62 s and 8 about 1.78 s
   * after the last heartbeat (see {@link PhiAccrualDetectorTest}); the check runs every 100 ms, so
   * node 1 calls node 3 SUSPECT in [1.6, 1.8) s and DOWN in [1.75, 2.0) s after the round in which
   * it last heard from it (heard a few ms into that round).
   */
  @Test
  void aNodeWhoseHeartbeatsStopIsSuspectThenDownInTimeAndUpAgainWhenTheyResume() {
    long seed = Seeds.seed("aNodeWhoseHeartbeatsStopIsSuspectThenDown");
    GossipTestNetwork network = new GossipTestNetwork(1);
    GossipTestCluster cluster = new GossipTestCluster(network, SETTINGS, 1, seed);
    cluster.startAll(3);
    network.advanceMillis(FORMED_MILLIS + 500);
    long lastRoundNanos = TimeUnit.MILLISECONDS.toNanos(FORMED_MILLIS);
    assertThat(cluster.node(1).states().allUp()).isTrue();

    network.cut(id(3));
    long suspectNanos = -1;
    long downNanos = -1;
    while (downNanos < 0 && network.clock().monotonicNanos() < lastRoundNanos + seconds(10)) {
      network.advanceMillis(10);
      NodeState state = cluster.node(1).states().stateOf(id(3));
      long sinceRound = network.clock().monotonicNanos() - lastRoundNanos;
      if (state == NodeState.SUSPECT && suspectNanos < 0) {
        suspectNanos = sinceRound;
      }
      if (state == NodeState.DOWN) {
        downNanos = sinceRound;
      }
    }

    assertThat(suspectNanos).as("SUSPECT after").isBetween(millis(1_600), millis(1_800));
    assertThat(downNanos).as("DOWN after").isBetween(millis(1_750), millis(2_000));
    assertThat(cluster.node(2).states().stateOf(id(3))).isEqualTo(NodeState.DOWN);
    assertThat(cluster.node(1).states().stateOf(id(2))).isEqualTo(NodeState.UP);

    network.advanceMillis(5_000);
    network.heal(id(3));
    network.advanceMillis(3_000);

    for (int i = 1; i <= 3; i++) {
      assertThat(cluster.node(i).states().allUp())
          .as("node %d: %s", i, cluster.node(i).states())
          .isTrue();
    }
  }

  /**
   * A node that lost its store starts again at generation 1, which the others already know with a
   * higher heartbeat; hearing that older life gossiped back, it must jump past it, or the others
   * would ignore it forever. It has not chosen tokens yet when the seed answers, so it takes back
   * the tokens of that life.
   */
  @Test
  void aNodeThatLostItsStoreJumpsPastItsOlderGenerationAndTakesBackItsTokens() {
    long seed = Seeds.seed("aNodeThatLostItsStoreJumpsPastItsOlderGeneration");
    GossipTestNetwork network = new GossipTestNetwork(1);
    GossipTestCluster cluster = new GossipTestCluster(network, SETTINGS, 1, seed);
    cluster.startAll(3);
    network.advanceMillis(FORMED_MILLIS);
    long[] tokensBefore = cluster.node(2).current().tokensOf(id(2));
    long generationBefore = cluster.node(2).generation();

    GossipMembership fresh = cluster.create(2, MembershipStore.inMemory());
    assertThat(fresh.generation()).isEqualTo(1);
    assertThat(fresh.current().isEmpty()).isTrue();
    fresh.start();
    network.advanceMillis(10_000);

    assertThat(fresh.generation()).isGreaterThan(generationBefore);
    assertThat(viewOf(cluster.node(1), id(2)).generation()).isEqualTo(fresh.generation());
    assertThat(viewOf(cluster.node(3), id(2)).generation()).isEqualTo(fresh.generation());
    assertThat(cluster.agree(3)).isTrue();
    assertThat(fresh.current().tokensOf(id(2))).containsExactly(tokensBefore);
    assertThat(cluster.store(2).load().orElseThrow().generation()).isEqualTo(fresh.generation());
  }

  @Test
  void aSteadyClusterGossipsHeartbeatsAndNoInfo() {
    long seed = Seeds.seed("aSteadyClusterGossipsHeartbeatsAndNoInfo");
    GossipTestNetwork network = new GossipTestNetwork(1);
    GossipTestCluster cluster = new GossipTestCluster(network, SETTINGS, 1, seed);
    cluster.startAll(5);
    network.advanceMillis(FORMED_MILLIS);
    assertThat(cluster.agree(5)).isTrue();

    network.record();
    network.advanceMillis(10_000);

    List<GossipState> carried = new ArrayList<>();
    int syns = 0;
    for (GossipTestNetwork.Delivered message : network.delivered()) {
      if (message.message() instanceof GossipSyn) {
        syns++;
      } else if (message.message() instanceof GossipAck ack) {
        carried.addAll(ack.states());
      } else if (message.message() instanceof GossipAck2 ack2) {
        carried.addAll(ack2.states());
      }
    }
    assertThat(syns).as("syns in 10 rounds of 5 nodes").isGreaterThanOrEqualTo(10 * 5);
    assertThat(carried).as("heartbeats travel").isNotEmpty();
    assertThat(carried).allSatisfy(state -> assertThat(state.infoOrNull()).isNull());
  }

  @Test
  void aNodeKeepsAtMostRingMembersMaxMembers() {
    GossipTestNetwork network = new GossipTestNetwork(1);
    GossipTestCluster cluster = new GossipTestCluster(network, SETTINGS, 1, 1);
    GossipMembership node = cluster.create(1);
    int offered = WireLimits.RING_MEMBERS_MAX + 100;

    for (int from = 0; from < offered; from += WireLimits.RING_MEMBERS_MAX / 2) {
      List<GossipState> states = new ArrayList<>();
      for (int i = from; i < Math.min(offered, from + WireLimits.RING_MEMBERS_MAX / 2); i++) {
        Member stranger = Member.of("stranger-" + i, "10.0.0.1", 1 + i);
        states.add(
            new GossipState(
                stranger.id(),
                1,
                1,
                new GossipInfo(stranger, MemberStatus.JOINING, 1, new long[0])));
      }
      node.ack2(id(2), new GossipAck2(states));
    }

    assertThat(node.clusterState().members()).hasSize(WireLimits.RING_MEMBERS_MAX);
    assertThat(cluster.store(1).load().orElseThrow().members())
        .hasSize(WireLimits.RING_MEMBERS_MAX - 1);
  }

  private static ClusterStateResponse.MemberView viewOf(GossipMembership node, NodeId member) {
    return node.clusterState().members().stream()
        .filter(view -> view.member().id().equals(member))
        .findFirst()
        .orElseThrow();
  }

  private static long seconds(long seconds) {
    return TimeUnit.SECONDS.toNanos(seconds);
  }

  private static long millis(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
