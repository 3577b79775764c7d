package io.ringstore.core.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.testing.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RingTest {
  private static final RingConfig CONFIG = RingConfig.defaults();

  @Test
  void everyMembershipChangeBumpsTheEpoch() {
    Ring empty = Ring.empty(CONFIG);
    Ring one = empty.withMember(Member.of("a", "127.0.0.1", 7000));
    Ring two = one.withMember(Member.of("b", "127.0.0.2", 7000));
    Ring back = two.withoutMember(NodeId.of("a"));

    assertThat(List.of(empty.epoch(), one.epoch(), two.epoch(), back.epoch()))
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(back.members()).extracting(Member::id).containsExactly(NodeId.of("b"));
  }

  @Test
  void snapshotsAreImmutable() {
    Ring one = Ring.of(CONFIG, RingDistributionTest.equalMembers(1));
    long[] tokens = one.tokensOf(NodeId.of("n0"));
    tokens[0] = 42;

    one.withMember(Member.of("n1", "127.0.0.1", 7001));

    assertThat(one.members()).hasSize(1);
    assertThat(one.tokensOf(NodeId.of("n0"))[0]).isNotEqualTo(42);
  }

  @Test
  void theSameMembersInTheSameOrderGiveTheSameTokens() {
    Ring first = Ring.of(CONFIG, RingDistributionTest.equalMembers(5));
    Ring second = Ring.of(CONFIG, RingDistributionTest.equalMembers(5));

    for (Member member : first.members()) {
      assertThat(second.tokensOf(member.id())).containsExactly(first.tokensOf(member.id()));
    }
  }

  @Test
  void weightSetsTheVirtualNodeCount() {
    Ring ring =
        Ring.of(
            CONFIG.withVnodesPerUnitWeight(100),
            List.of(
                Member.of("light", "127.0.0.1", 7000).withWeight(0.5),
                Member.of("heavy", "127.0.0.1", 7001).withWeight(3)));

    assertThat(ring.tokensOf(NodeId.of("light"))).hasSize(50);
    assertThat(ring.tokensOf(NodeId.of("heavy"))).hasSize(300);
    assertThat(ring.vnodeCount()).isEqualTo(350);
  }

  @Test
  void primarySharesSumToOne() {
    Ring ring = Ring.of(CONFIG, RingDistributionTest.equalMembers(7));

    double total = ring.primaryShares().values().stream().mapToDouble(Double::doubleValue).sum();

    assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aKeyBelongsToTheFirstTokenAtOrAfterItAndWrapsPastTheLast() {
    Member a = Member.of("a", "127.0.0.1", 7000);
    Member b = Member.of("b", "127.0.0.1", 7001);
    Ring ring = Ring.empty(CONFIG).withMember(a, new long[] {-100}).withMember(b, new long[] {100});

    assertThat(ring.primaryOf(-100)).isEqualTo(a);
    assertThat(ring.primaryOf(-99)).isEqualTo(b);
    assertThat(ring.primaryOf(100)).isEqualTo(b);
    assertThat(ring.primaryOf(101)).isEqualTo(a);
    assertThat(ring.primaryOf(Long.MAX_VALUE)).isEqualTo(a);
    assertThat(ring.primaryOf(Long.MIN_VALUE)).isEqualTo(a);
  }

  @Test
  void bucketedLookupAgreesWithAPlainSearchOfTheTokens() {
    Random random = new Random(Seeds.seed("RingTest.bucketedLookup"));
    for (int members = 1; members <= 40; members += 3) {
      Ring ring =
          Ring.of(
              CONFIG.withVnodesPerUnitWeight(1 + random.nextInt(300)),
              RingDistributionTest.equalMembers(members));
      long[] sorted = allTokensSorted(ring);
      for (int i = 0; i < 2_000; i++) {
        long probe =
            i % 3 == 0 ? sorted[random.nextInt(sorted.length)] + (i % 2) : random.nextLong();
        assertThat(ring.primaryOf(probe).id()).isEqualTo(ownerBySearch(ring, sorted, probe));
      }
    }
  }

  private static long[] allTokensSorted(Ring ring) {
    return ring.members().stream()
        .flatMapToLong(member -> LongStream.of(ring.tokensOf(member.id())))
        .sorted()
        .toArray();
  }

  private static NodeId ownerBySearch(Ring ring, long[] sorted, long token) {
    long owning = firstAtOrAfter(sorted, token);
    for (Member member : ring.members()) {
      if (LongStream.of(ring.tokensOf(member.id())).anyMatch(t -> t == owning)) {
        return member.id();
      }
    }
    throw new AssertionError("no member owns token " + owning);
  }

  private static long firstAtOrAfter(long[] sorted, long token) {
    for (long candidate : sorted) {
      if (candidate >= token) {
        return candidate;
      }
    }
    return sorted[0];
  }

  @Test
  void aRingSmallerThanNReplicatesToEveryMember() {
    Ring ring = Ring.of(CONFIG, RingDistributionTest.equalMembers(2));

    PreferenceList list = ring.preferenceList(new byte[] {1, 2, 3});

    assertThat(list.replicaCount()).isEqualTo(2);
    assertThat(list.fallbacks()).isEmpty();
  }

  @Test
  void lookingUpAKeyOnAnEmptyRingSaysWhatToDo() {
    Ring empty = Ring.empty(CONFIG);

    assertThatThrownBy(() -> empty.preferenceList(new byte[] {1}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no members");
  }

  @Test
  void aMemberCannotJoinTwiceNorTakeAnotherMembersToken() {
    Member a = Member.of("a", "127.0.0.1", 7000);
    Ring ring = Ring.empty(CONFIG).withMember(a, new long[] {5, 10});

    assertThatThrownBy(() -> ring.withMember(a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already on the ring");
    assertThatThrownBy(() -> ring.withMember(Member.of("b", "h", 1), new long[] {10}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token 10 already belongs to");
    assertThatThrownBy(() -> ring.withMember(Member.of("b", "h", 1), new long[] {7, 7}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owned twice");
    assertThatThrownBy(() -> ring.withoutMember(NodeId.of("zz")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not on the ring");
  }

  @Test
  void configRejectsOutOfRangeValuesNamingTheField() {
    assertThatThrownBy(() -> RingConfig.defaults().withReplicationFactor(0))
        .hasMessageContaining("replicationFactor is 0");
    assertThatThrownBy(() -> RingConfig.defaults().withVnodesPerUnitWeight(100_000))
        .hasMessageContaining("vnodesPerUnitWeight is 100000");
    assertThatThrownBy(() -> Member.of("a", "h", 1).withWeight(0))
        .hasMessageContaining("weight 0.0 must be above 0");
  }

  @Test
  void ringOfTokensIsTheSameWhateverTheMapIterationOrder() {
    Random random = new Random(Seeds.seed("ringOfTokensIsTheSameWhateverTheMapIterationOrder"));
    List<Member> members = new ArrayList<>();
    Map<NodeId, long[]> tokens = new HashMap<>();
    for (int i = 0; i < 12; i++) {
      Member member = Member.of("n" + i, "127.0.0.1", 7000 + i);
      members.add(member);
      long[] own = LongStream.generate(random::nextLong).limit(8).sorted().toArray();
      tokens.put(member.id(), own);
    }
    tokens.put(NodeId.of("n5"), tokens.get(NodeId.of("n3")).clone()); // every token collides
    Ring first = ofTokensInOrder(members, tokens);

    for (int attempt = 0; attempt < 20; attempt++) {
      Collections.shuffle(members, random);
      Ring other = ofTokensInOrder(members, tokens);

      assertThat(other.members()).containsExactlyElementsOf(first.members());
      for (Member member : first.members()) {
        assertThat(other.tokensOf(member.id())).containsExactly(first.tokensOf(member.id()));
      }
      for (int k = 0; k < 200; k++) {
        long token = random.nextLong();
        assertThat(other.preferenceListForToken(token).replicas())
            .containsExactlyElementsOf(first.preferenceListForToken(token).replicas());
      }
    }
  }

  private static Ring ofTokensInOrder(List<Member> members, Map<NodeId, long[]> tokens) {
    Map<NodeId, Member> byId = new LinkedHashMap<>();
    Map<NodeId, long[]> tokensById = new LinkedHashMap<>();
    for (Member member : members) {
      byId.put(member.id(), member);
      tokensById.put(member.id(), tokens.get(member.id()));
    }
    return Ring.ofTokens(CONFIG, 7, byId, tokensById);
  }

  @Test
  void aTokenAnnouncedByTwoMembersGoesToTheSmallerId() {
    Member a = Member.of("a", "127.0.0.1", 7000);
    Member b = Member.of("b", "127.0.0.1", 7001);
    Member c = Member.of("c", "127.0.0.1", 7002);
    Map<NodeId, Member> members = new LinkedHashMap<>();
    members.put(c.id(), c);
    members.put(b.id(), b);
    members.put(a.id(), a);
    Map<NodeId, long[]> tokens = new LinkedHashMap<>();
    tokens.put(c.id(), new long[] {30});
    tokens.put(b.id(), new long[] {10, 20, 30});
    tokens.put(a.id(), new long[] {-5, 20});

    Ring ring = Ring.ofTokens(CONFIG, 3, members, tokens);

    assertThat(ring.tokensOf(a.id())).containsExactly(-5, 20);
    assertThat(ring.tokensOf(b.id())).containsExactly(10, 30);
    assertThat(ring.tokensOf(c.id())).isEmpty();
    assertThat(ring.members()).extracting(Member::id).containsExactly(a.id(), b.id());
    assertThat(ring.primaryOf(20)).isEqualTo(a);
    assertThat(ring.epoch()).isEqualTo(3);
  }

  @Test
  void tokensForOnAnEmptyRingDifferBetweenMembersAndRepeatForOne() {
    Ring empty = Ring.empty(CONFIG);
    List<long[]> chosen = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Member member = Member.of("node-" + i, "127.0.0.1", 7000 + i);
      long[] tokens = empty.tokensFor(member);
      assertThat(tokens).hasSize(CONFIG.vnodesFor(1.0));
      assertThat(empty.tokensFor(member)).containsExactly(tokens);
      chosen.add(tokens);
    }
    for (int i = 0; i < chosen.size(); i++) {
      Set<Long> mine = LongStream.of(chosen.get(i)).boxed().collect(Collectors.toSet());
      for (int j = i + 1; j < chosen.size(); j++) {
        long common = LongStream.of(chosen.get(j)).filter(mine::contains).count();
        assertThat(common).as("tokens node-%d and node-%d share", i, j).isZero();
      }
    }
  }
}
