package io.ringstore.core.ring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.RangeTransfers.Transfer;
import io.ringstore.core.testing.Seeds;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The transfers of a ring change cover exactly the tokens that change hands, each with the right
 * peers, checked token by token against the two rings' preference lists.
 */
class RangeTransfersTest {
  private static final RingConfig CONFIG = RingConfig.defaults().withVnodesPerUnitWeight(8);
  private static final int TOKENS_SAMPLED = 5_000;

  @Test
  void aJoiningNodeReceivesExactlyTheTokensItStartsToReplicateFromTheirFormerReplicas() {
    long seed = Seeds.seed("RangeTransfersTest.join");
    Random random = new Random(seed);
    Ring before = Ring.of(CONFIG, RingDistributionTest.equalMembers(4));
    Member joining = Member.of("n9", "localhost", 7009);
    Ring after = before.withMember(joining);

    List<Transfer> transfers = RangeTransfers.gainedBy(joining.id(), before, after);

    assertThat(transfers).isNotEmpty();
    for (int i = 0; i < TOKENS_SAMPLED; i++) {
      long token = random.nextLong();
      boolean gains =
          after.preferenceListForToken(token).isReplica(joining.id())
              && !before.preferenceListForToken(token).isReplica(joining.id());
      List<Transfer> containing = containing(transfers, token);
      if (gains) {
        assertThat(containing).as("seed %d, token %d", seed, token).hasSize(1);
        assertThat(Set.copyOf(containing.get(0).peers()))
            .isEqualTo(ids(before.preferenceListForToken(token).replicas()));
      } else {
        assertThat(containing).as("seed %d, token %d", seed, token).isEmpty();
      }
    }
  }

  @Test
  void aLeavingNodeHandsEachOfItsTokensToTheNodesThatStartToReplicateIt() {
    long seed = Seeds.seed("RangeTransfersTest.leave");
    Random random = new Random(seed);
    Ring before = Ring.of(CONFIG, RingDistributionTest.equalMembers(5));
    NodeId leaving = NodeId.of("n2");
    Ring after = before.withoutMember(leaving);

    List<Transfer> transfers = RangeTransfers.handedOffBy(leaving, before, after);

    assertThat(transfers).isNotEmpty();
    for (int i = 0; i < TOKENS_SAMPLED; i++) {
      long token = random.nextLong();
      Set<NodeId> was = ids(before.preferenceListForToken(token).replicas());
      Set<NodeId> gaining = new TreeSet<>(ids(after.preferenceListForToken(token).replicas()));
      gaining.removeAll(was);
      List<Transfer> containing = containing(transfers, token);
      if (was.contains(leaving)) {
        assertThat(gaining).as("a leaving replica's token gains a replica").isNotEmpty();
        assertThat(containing).as("seed %d, token %d", seed, token).hasSize(1);
        assertThat(Set.copyOf(containing.get(0).peers())).isEqualTo(gaining);
      } else {
        assertThat(containing).as("seed %d, token %d", seed, token).isEmpty();
      }
    }
  }

  /**
   * On a ring of fewer than N members every member replicates every key, before the join and after:
   * the joining node gains the whole ring and nobody loses a range.
   */
  @Test
  void aJoinToARingOfFewerThanNMembersTakesNoRangeFromAnyone() {
    Ring before = Ring.of(CONFIG, RingDistributionTest.equalMembers(2));
    Member joining = Member.of("n9", "localhost", 7009);
    Ring after = before.withMember(joining);

    List<Transfer> gained = RangeTransfers.gainedBy(joining.id(), before, after);
    assertThat(gained).hasSize(1);
    assertThat(gained.get(0).range().isFull()).isTrue();
    assertThat(gained.get(0).peers()).containsExactly(NodeId.of("n0"), NodeId.of("n1"));
    List<Transfer> handedOff = RangeTransfers.handedOffBy(NodeId.of("n0"), before, after);
    assertThat(handedOff).hasSize(1);
    assertThat(handedOff.get(0).peers()).containsExactly(joining.id());
    for (Member member : before.members()) {
      assertThat(RangeTransfers.gainedBy(member.id(), before, after)).isEmpty();
    }
  }

  @Test
  void nothingIsReceivedFromAnEmptyRing() {
    Ring after = Ring.of(CONFIG, RingDistributionTest.equalMembers(1));

    assertThat(RangeTransfers.gainedBy(NodeId.of("n0"), Ring.empty(CONFIG), after)).isEmpty();
  }

  private static List<Transfer> containing(List<Transfer> transfers, long token) {
    return transfers.stream().filter(t -> t.range().contains(token)).collect(Collectors.toList());
  }

  private static Set<NodeId> ids(List<Member> members) {
    return members.stream().map(Member::id).collect(Collectors.toCollection(TreeSet::new));
  }
}
