package io.ringstore.core.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReplicatedRangesTest {
  @Test
  void aRingWhoseEveryListHoldsTheSameNodesIsOneFullRange() {
    Ring ring = Ring.of(RingConfig.defaults(), RingDistributionTest.equalMembers(3));

    List<ReplicatedRange> ranges = ring.rangesReplicatedBy(NodeId.of("n0"));

    assertThat(ranges).hasSize(1);
    assertThat(ranges.get(0).range().isFull()).isTrue();
    assertThat(new HashSet<>(ranges.get(0).replicas()))
        .containsExactlyInAnyOrder(NodeId.of("n0"), NodeId.of("n1"), NodeId.of("n2"));
  }

  /**
   * Every token lies in exactly one range of each of its replicas, and that range names the token's
   * replicas; a token a node does not replicate lies in none of its ranges.
   */
  @Test
  void theRangesOfANodeCoverExactlyTheTokensItReplicates() {
    long seed = Seeds.seed("ReplicatedRangesTest.cover");
    Random random = new Random(seed);
    Ring ring =
        Ring.of(
            RingConfig.defaults().withVnodesPerUnitWeight(8), RingDistributionTest.equalMembers(6));
    for (Member member : ring.members()) {
      List<ReplicatedRange> ranges = ring.rangesReplicatedBy(member.id());
      for (int i = 0; i < 2_000; i++) {
        long token = random.nextLong();
        PreferenceList list = ring.preferenceListForToken(token);
        List<ReplicatedRange> containing =
            ranges.stream().filter(r -> r.range().contains(token)).collect(Collectors.toList());
        if (list.isReplica(member.id())) {
          assertThat(containing).as("seed %d, token %d", seed, token).hasSize(1);
          assertThat(new HashSet<>(containing.get(0).replicas()))
              .isEqualTo(list.replicas().stream().map(Member::id).collect(Collectors.toSet()));
        } else {
          assertThat(containing).as("seed %d, token %d", seed, token).isEmpty();
        }
      }
    }
  }

  @Test
  void tokensAtTheRingsPositionsBelongToTheRangeTheyEnd() {
    Ring ring =
        Ring.of(
            RingConfig.defaults().withVnodesPerUnitWeight(4), RingDistributionTest.equalMembers(5));
    for (Member member : ring.members()) {
      for (Member owner : ring.members()) {
        for (long token : ring.tokensOf(owner.id())) {
          boolean replicates = ring.preferenceListForToken(token).isReplica(member.id());
          long inRanges =
              ring.rangesReplicatedBy(member.id()).stream()
                  .filter(r -> r.range().contains(token))
                  .count();
          assertThat(inRanges).isEqualTo(replicates ? 1 : 0);
        }
      }
    }
  }
}
