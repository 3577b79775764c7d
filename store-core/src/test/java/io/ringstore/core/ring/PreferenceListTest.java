package io.ringstore.core.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks every preference list of many random rings (random member counts, weights, zones, N and
 * fallbacks) against its definition. Checking every position covers every key, since a key's list
 * is the list of the position that owns its token.
 */
class PreferenceListTest {
  private static final int RINGS = 300;

  @Test
  void everyListHoldsDistinctNodesWithDistinctZonesFirst() {
    Random random = new Random(Seeds.seed("PreferenceListTest"));
    int listsChecked = 0;
    for (int i = 0; i < RINGS; i++) {
      Ring ring = randomRing(random);
      for (Member member : ring.members()) {
        for (long token : ring.tokensOf(member.id())) {
          checkList(ring, ring.preferenceListForToken(token));
          listsChecked++;
        }
      }
    }
    System.out.printf(
        Locale.ROOT, "checked %d preference lists over %d random rings%n", listsChecked, RINGS);
  }

  @Test
  void theFirstReplicaOwnsTheKeyAndFallbacksFollowTheReplicas() {
    Ring ring = Ring.of(RingConfig.defaults(), RingDistributionTest.equalMembers(8));
    byte[] key = {7, 7, 7};

    PreferenceList list = ring.preferenceList(key);

    long token = ring.config().partitioner().token(key);
    assertThat(list.replica(0)).isEqualTo(ring.primaryOf(token));
    assertThat(list.replicas()).hasSize(3);
    assertThat(list.fallbacks()).hasSize(3).doesNotContainAnyElementsOf(list.replicas());
    assertThat(list.node(3)).isEqualTo(list.fallbacks().get(0));
    assertThat(list.isReplica(list.replica(2).id())).isTrue();
    assertThat(list.isReplica(list.fallbacks().get(0).id())).isFalse();
  }

  private static void checkList(Ring ring, PreferenceList list) {
    int memberCount = ring.members().size();
    int n = ring.config().replicationFactor();
    assertThat(list.replicaCount()).isEqualTo(Math.min(n, memberCount));
    assertThat(list.size()).isEqualTo(Math.min(n + ring.config().fallbacksMax(), memberCount));
    Set<NodeId> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      assertThat(ids.add(list.node(i).id())).as("distinct nodes in %s", list).isTrue();
    }
    long zones = ring.members().stream().map(Member::zone).distinct().count();
    long replicaZones = list.replicas().stream().map(Member::zone).distinct().count();
    assertThat(replicaZones)
        .as("zones of %s", list)
        .isEqualTo(Math.min(list.replicaCount(), zones));
  }

  private static Ring randomRing(Random random) {
    RingConfig config =
        RingConfig.defaults()
            .withReplicationFactor(1 + random.nextInt(5))
            .withVnodesPerUnitWeight(1 + random.nextInt(32))
            .withFallbacksMax(random.nextInt(4));
    int memberCount = 1 + random.nextInt(12);
    int zoneCount = random.nextInt(5);
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < memberCount; i++) {
      String zone = zoneCount == 0 ? Member.NO_ZONE : "z" + random.nextInt(zoneCount);
      double weight = 0.5 + random.nextInt(4) * 0.5;
      members.add(Member.of("n" + i, "127.0.0.1", 7000 + i).inZone(zone).withWeight(weight));
    }
    return Ring.of(config, members);
  }
}
