package io.ringstore.core.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Measures, over 1,000,000 random keys, how evenly the ring spreads data and how little of it a
 * membership change moves. Each test prints the figure it asserts on.
 */
class RingDistributionTest {
  private static final int KEY_COUNT = 1_000_000;
  private static final int KEY_BYTES = 16;
  private static final RingConfig CONFIG = RingConfig.defaults();

  private long seed;

  @BeforeEach
  void pickSeed(TestInfo info) {
    seed = Seeds.seed(getClass().getSimpleName() + "." + info.getDisplayName());
  }

  @Test
  void tenEqualNodesKeepTheMostLoadedWithinTenPercentOfTheMean() {
    Ring ring = Ring.of(CONFIG, equalMembers(10));

    Map<NodeId, Integer> primaryKeys = countPrimaryKeys(ring);
    double primaryRatio = maxOverMean(primaryKeys);
    Map<NodeId, Integer> replicaKeys = countReplicaKeys(ring);
    double replicaRatio = maxOverMean(replicaKeys);

    System.out.printf(
        Locale.ROOT,
        "10 equal nodes, %d keys: most-loaded/mean = %.4f as primary, %.4f as replica (N=3)%n",
        KEY_COUNT,
        primaryRatio,
        replicaRatio);
    assertThat(primaryRatio).isLessThanOrEqualTo(1.10);
    // Replicated load is printed, not yet promised: the allocator balances primary ownership;
    // balancing replicated ownership too (as CASSANDRA-7032 does) is future work.
    assertThat(replicaRatio).isLessThanOrEqualTo(1.25);
  }

  @Test
  void weightsOneToTwoGiveOwnershipOneToTwo() {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      members.add(Member.of("n" + i, "127.0.0.1", 7000 + i).withWeight(i % 2 == 0 ? 1.0 : 2.0));
    }
    Ring ring = Ring.of(CONFIG, members);

    Map<NodeId, Integer> keys = countPrimaryKeys(ring);
    double light =
        keys.get(NodeId.of("n0")) + keys.get(NodeId.of("n2")) + keys.get(NodeId.of("n4"));
    double heavy =
        keys.get(NodeId.of("n1")) + keys.get(NodeId.of("n3")) + keys.get(NodeId.of("n5"));
    double ratio = heavy / light;

    System.out.printf(
        Locale.ROOT, "weights 1:2 over 6 nodes: owned keys %s, heavy/light = %.4f%n", keys, ratio);
    assertThat(ratio).isBetween(2 * 0.9, 2 * 1.1);
    for (Member member : members) {
      double expected = KEY_COUNT * member.weight() / 9.0;
      assertThat(keys.get(member.id()) / expected).as("%s", member.id()).isBetween(0.9, 1.1);
    }
  }

  @Test
  void addingAnEleventhNodeMovesAboutOneEleventhOfKeysAllToTheNewNode() {
    Ring before = Ring.of(CONFIG, equalMembers(10));
    Member newcomer = Member.of("n10", "127.0.0.1", 7010);
    Ring after = before.withMember(newcomer);

    Random random = new Random(seed);
    byte[] key = new byte[KEY_BYTES];
    int moved = 0;
    int movedElsewhere = 0;
    for (int i = 0; i < KEY_COUNT; i++) {
      random.nextBytes(key);
      long token = CONFIG.partitioner().token(key);
      NodeId oldOwner = before.primaryOf(token).id();
      NodeId newOwner = after.primaryOf(token).id();
      if (!oldOwner.equals(newOwner)) {
        moved++;
        movedElsewhere += newOwner.equals(newcomer.id()) ? 0 : 1;
      }
    }

    double movedShare = (double) moved / KEY_COUNT;
    System.out.printf(
        Locale.ROOT,
        "adding an 11th node moved %.4f of keys (ideal %.4f, ratio %.3f); to other nodes: %d%n",
        movedShare,
        1.0 / 11,
        movedShare * 11,
        movedElsewhere);
    assertThat(movedShare).isLessThanOrEqualTo(1.2 / 11);
    assertThat(movedShare).isGreaterThan(0.5 / 11);
    assertThat(movedElsewhere).isZero();
  }

  @Test
  void removingANodeMovesOnlyThatNodesKeys() {
    Ring before = Ring.of(CONFIG, equalMembers(10));
    NodeId leaving = NodeId.of("n4");
    Ring after = before.withoutMember(leaving);

    Random random = new Random(seed);
    byte[] key = new byte[KEY_BYTES];
    int moved = 0;
    int movedFromOthers = 0;
    int replicaSetsChangedWithoutLeaver = 0;
    for (int i = 0; i < KEY_COUNT; i++) {
      random.nextBytes(key);
      long token = CONFIG.partitioner().token(key);
      NodeId oldOwner = before.primaryOf(token).id();
      if (!oldOwner.equals(after.primaryOf(token).id())) {
        moved++;
        movedFromOthers += oldOwner.equals(leaving) ? 0 : 1;
      }
      PreferenceList oldList = before.preferenceListForToken(token);
      PreferenceList newList = after.preferenceListForToken(token);
      if (!oldList.isReplica(leaving) && !oldList.replicas().equals(newList.replicas())) {
        replicaSetsChangedWithoutLeaver++;
      }
    }

    System.out.printf(
        Locale.ROOT,
        "removing n4 moved %.4f of keys; from other nodes: %d; replica sets changed that did"
            + " not hold n4: %d%n",
        (double) moved / KEY_COUNT,
        movedFromOthers,
        replicaSetsChangedWithoutLeaver);
    assertThat(moved).isPositive();
    assertThat(movedFromOthers).isZero();
    assertThat(replicaSetsChangedWithoutLeaver).isZero();
  }

  @Test
  void everyKeyHasNDistinctReplicasAndNDistinctZonesWhenZonesAllowIt() {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      members.add(Member.of("n" + i, "127.0.0.1", 7000 + i).inZone("zone-" + (i % 3)));
    }
    Ring ring = Ring.of(CONFIG, members);

    Random random = new Random(seed);
    byte[] key = new byte[KEY_BYTES];
    for (int i = 0; i < KEY_COUNT; i++) {
      random.nextBytes(key);
      PreferenceList list = ring.preferenceList(key);
      assertThat(list.replicas().stream().map(Member::id).distinct().count()).isEqualTo(3);
      assertThat(list.replicas().stream().map(Member::zone).distinct().count()).isEqualTo(3);
    }
    System.out.printf(
        Locale.ROOT,
        "%d keys over 9 nodes in 3 zones: every key has 3 nodes in 3 zones%n",
        KEY_COUNT);
  }

  private Map<NodeId, Integer> countPrimaryKeys(Ring ring) {
    Random random = new Random(seed);
    byte[] key = new byte[KEY_BYTES];
    Map<NodeId, Integer> counts = new HashMap<>();
    for (int i = 0; i < KEY_COUNT; i++) {
      random.nextBytes(key);
      counts.merge(ring.primaryOf(CONFIG.partitioner().token(key)).id(), 1, Integer::sum);
    }
    return counts;
  }

  private Map<NodeId, Integer> countReplicaKeys(Ring ring) {
    Random random = new Random(seed);
    byte[] key = new byte[KEY_BYTES];
    Map<NodeId, Integer> counts = new HashMap<>();
    for (int i = 0; i < KEY_COUNT; i++) {
      random.nextBytes(key);
      for (Member replica : ring.preferenceList(key).replicas()) {
        counts.merge(replica.id(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static double maxOverMean(Map<NodeId, Integer> counts) {
    double mean = counts.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
    int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    return max / mean;
  }

  static List<Member> equalMembers(int count) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(Member.of("n" + i, "127.0.0.1", 7000 + i));
    }
    return members;
  }
}
