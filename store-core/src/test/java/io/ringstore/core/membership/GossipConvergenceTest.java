package io.ringstore.core.membership;

import static io.ringstore.core.membership.GossipTestCluster.id;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.wire.GossipInfo;
import io.ringstore.core.wire.GossipState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 1: a ring change reaches every node in O(log n) rounds, shown with 100 nodes.
 *
 * <p>A hundred memberships start, each at a random moment of the first second, on a {@link
 * GossipTestNetwork} with a 1 ms latency (a thousandth of the one-second round), from stores that
 * hold their common ring; then ONE change: node 101 joins through the seeds and announces its
 * tokens. From the moment it announces them, the test counts gossip rounds (seconds) until every
 * one of the 101 nodes has the same ring: same epoch, same 101 members, same tokens.
 *
 * <p><b>The bound.</b> In push-pull gossip with fanout f, the informed set grows by a factor of
 * about f+1 per round while few nodes know (each informed node pushes to f peers and each node that
 * pulls from an informed one learns too), then the uninformed share shrinks about as e^{-f} per
 * round (Karp et al., "Randomized rumor spreading", FOCS 2000): about log_{f+1}(n) + ln(n)/f
 * rounds. With f=3 and n=100: log_4(100) = 3.3, ln(100)/3 = 1.5, about 5 rounds. The announcement
 * starts at one node whose round may have just passed (one round more), so we assert at most 2 *
 * ceil(log2 n) = 14 rounds: a margin of about 2.5 over the expectation, and far below the n rounds
 * of a change passed on one node at a time, which is what a broken spread (only seeds, no pull)
 * would take.
 */
class GossipConvergenceTest {
  private static final int NODES = 100;
  private static final long ROUND_MILLIS = GossipSettings.defaults().intervalMillis();
  private static final long STEP_MILLIS = 1;

  /** Four virtual nodes each: every ring change rebuilds a ring on each of the 101 nodes. */
  private static final RingConfig RING = RingConfig.defaults().withVnodesPerUnitWeight(4);

  /**
   * Longest wait for the restarts to settle. A restart from a store announces its info again under
   * a version from the wall clock (so that a node whose store was lost cannot reuse a version the
   * others hold), so the hundred restarts are a hundred concurrent changes to spread before the
   * join is measured: 3 s was not always enough (seed -6741025396857278448).
   */
  private static final long SETTLE_MILLIS_MAX = 60_000;

  @Test
  void aJoinReachesAllHundredNodesInLogarithmicRounds() {
    int bound = 2 * (int) Math.ceil(Math.log(NODES) / Math.log(2));
    for (long seed : Seeds.seeds("aJoinReachesAllHundredNodesInLogarithmicRounds", 3)) {
      GossipTestNetwork network = new GossipTestNetwork(1);
      GossipTestCluster cluster =
          new GossipTestCluster(network, GossipSettings.defaults(), RING, 3, seed);
      startFromSavedRing(network, cluster, seed);
      assertThat(runUntilAgreed(network, cluster, NODES, SETTLE_MILLIS_MAX))
          .as("seed %d: the %d restarts settled", seed, NODES)
          .isNotNegative();

      network.advanceMillis(new Random(seed).nextInt((int) ROUND_MILLIS));
      GossipMembership joiner = cluster.create(NODES + 1);
      joiner.start();
      long announcedNanos = -1;
      while (announcedNanos < 0
          && network.clock().monotonicNanos() < MILLISECONDS.toNanos(60_000)) {
        network.advanceMillis(1);
        if (joiner.status() == MemberStatus.NORMAL) {
          announcedNanos = network.clock().monotonicNanos();
        }
      }
      assertThat(announcedNanos).as("seed %d: node 101 announced its tokens", seed).isPositive();
      long convergedMillis = runUntilAgreed(network, cluster, NODES + 1, 60_000);
      long rounds = (convergedMillis + ROUND_MILLIS - 1) / ROUND_MILLIS;

      System.out.printf(
          Locale.ROOT,
          "seed=%d: %d nodes; node %s's tokens reached all %d nodes in"
              + " %d ms = %d rounds (bound %d)%n",
          seed,
          NODES,
          id(NODES + 1),
          NODES + 1,
          convergedMillis,
          rounds,
          bound);
      assertThat(convergedMillis).as("seed %d", seed).isPositive();
      assertThat(rounds).as("seed %d: rounds to converge", seed).isLessThanOrEqualTo(bound);
    }
  }

  /**
   * Starts the hundred nodes, each at a random moment of the first round, on stores that hold a
   * ring of all of them (evenly spaced tokens): each node restarts at generation 2 and announces
   * its info again (same tokens, a new version from the wall clock), so the rings agree once those
   * restarts have spread; only then is the join measured. The ring is not formed by a simultaneous
   * first start because that loses members: tokens chosen concurrently on the same ring collide
   * (see the report of branch memtests).
   */
  private static void startFromSavedRing(
      GossipTestNetwork network, GossipTestCluster cluster, long seed) {
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= NODES; i++) {
      members.add(GossipTestCluster.member(i));
    }
    for (int i = 1; i <= NODES; i++) {
      List<GossipState> others = new ArrayList<>();
      for (Member member : members) {
        if (!member.id().equals(id(i))) {
          GossipInfo info = new GossipInfo(member, MemberStatus.NORMAL, 1, tokensOf(member));
          others.add(new GossipState(member.id(), 2, 1, info));
        }
      }
      MembershipStore store = MembershipStore.inMemory();
      store.save(new MembershipStore.Saved(1, tokensOf(GossipTestCluster.member(i)), others));
      cluster.create(i, store);
    }
    Random phases = new Random(seed);
    for (GossipMembership node : cluster.nodes()) {
      network
          .scheduler()
          .schedule(MILLISECONDS.toNanos(phases.nextInt((int) ROUND_MILLIS)), node::start);
    }
  }

  /**
   * Node i's tokens: evenly spaced, interleaved with every other node's (the member ids end in i).
   */
  private static long[] tokensOf(Member member) {
    int i = Integer.parseInt(member.id().value().substring("node-".length()));
    int vnodes = RING.vnodesFor(member.weight());
    long stride = Long.divideUnsigned(-1L, (long) NODES * vnodes);
    long[] tokens = new long[vnodes];
    for (int v = 0; v < vnodes; v++) {
      tokens[v] = Long.MIN_VALUE + ((long) v * NODES + i - 1) * stride;
    }
    return tokens;
  }

  /** Runs until every node has the same ring of {@code members}; the time it took, or -1. */
  private static long runUntilAgreed(
      GossipTestNetwork network, GossipTestCluster cluster, int members, long limitMillis) {
    for (long waited = 0; waited <= limitMillis; waited += STEP_MILLIS) {
      if (cluster.agree(members)) {
        return waited;
      }
      network.advanceMillis(STEP_MILLIS);
    }
    return -1;
  }
}
