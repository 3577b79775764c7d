package io.ringstore.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.testing.InMemoryNetwork;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.MembersExchange;
import io.ringstore.core.wire.MembersResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Member list exchange on an in-memory network and a manual clock. */
class MembershipTest {
  private static final long INTERVAL_MILLIS = 1_000;
  private static final RingConfig CONFIG = RingConfig.defaults().withVnodesPerUnitWeight(8);

  private final ManualScheduler scheduler = new ManualScheduler(new ManualClock(0));
  private final InMemoryNetwork network = new InMemoryNetwork(Seeds.seed("MembershipTest"));
  private final Map<NodeId, Membership> nodes = new LinkedHashMap<>();
  private final Map<HostPort, NodeId> addresses = new LinkedHashMap<>();

  private Membership node(String id, int port, List<HostPort> seeds) {
    Member self = Member.of(id, "127.0.0.1", port);
    SeedTransport seedTransport =
        (seed, request, handler) ->
            network.transport(self.id()).send(addresses.get(seed), request, handler);
    Membership membership =
        new Membership(
            self,
            CONFIG,
            seeds,
            new Membership.Network(network.transport(self.id()), seedTransport),
            scheduler,
            INTERVAL_MILLIS);
    network.register(
        self.id(),
        (source, request, respond) ->
            respond.accept(membership.exchange((MembersExchange) request)));
    addresses.put(new HostPort("127.0.0.1", port), self.id());
    nodes.put(self.id(), membership);
    return membership;
  }

  private void rounds(int count) {
    for (int i = 0; i < count; i++) {
      scheduler.advance(INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
      network.runUntilQuiescent();
    }
  }

  @Test
  void nodesAnnouncedToOneSeedLearnEachOtherAndComputeTheSameRing() {
    HostPort seed = new HostPort("127.0.0.1", 7000);
    List<Membership> all = new ArrayList<>();
    all.add(node("node-c", 7000, List.of(seed)));
    all.add(node("node-a", 7001, List.of(seed)));
    all.add(node("node-b", 7002, List.of(seed)));
    all.forEach(Membership::start);

    rounds(3);

    Ring first = all.get(0).current();
    assertThat(first.members())
        .extracting(m -> m.id().value())
        .containsExactlyInAnyOrder("node-a", "node-b", "node-c");
    assertThat(first.epoch()).isEqualTo(3);
    for (Membership membership : all) {
      assertThat(membership.members().keySet()).isEqualTo(all.get(0).members().keySet());
      for (Member member : first.members()) {
        assertThat(membership.current().tokensOf(member.id()))
            .isEqualTo(first.tokensOf(member.id()));
      }
    }
  }

  @Test
  void aSilentMemberIsKeptAndBlocksOnlyItsOwnExchanges() {
    HostPort seed = new HostPort("127.0.0.1", 7000);
    Membership a = node("node-a", 7000, List.of(seed));
    Membership b = node("node-b", 7001, List.of(seed));
    a.start();
    b.start();
    rounds(2);

    network.silence(NodeId.of("node-b"));
    rounds(5);

    assertThat(a.members()).containsKeys(NodeId.of("node-a"), NodeId.of("node-b"));
  }

  /**
   * The transport gives no failure callback for a lost message: the exchange's deadline frees it.
   */
  @Test
  void anExchangeLostWithoutAFailureIsSentAgainAfterItsDeadline() {
    HostPort seed = new HostPort("127.0.0.1", 7000);
    Membership a = node("node-a", 7000, List.of());
    Membership b = node("node-b", 7001, List.of(seed));
    network.silence(NodeId.of("node-a"));
    a.start();
    b.start();
    rounds(2);

    network.heal(NodeId.of("node-a"));
    rounds(2);

    assertThat(a.members()).containsKeys(NodeId.of("node-b"));
    assertThat(b.members()).containsKeys(NodeId.of("node-a"));
  }

  @Test
  void mergeIsAUnionByIdThatKeepsTheFirstEntryAndThisNodesOwn() {
    Membership a = node("node-a", 7000, List.of());
    Member other = Member.of("node-z", "127.0.0.9", 9000);

    a.exchange(new MembersExchange(List.of(other, Member.of("node-a", "elsewhere", 1))));
    MembersResponse answer =
        (MembersResponse)
            a.exchange(new MembersExchange(List.of(Member.of("node-z", "moved", 9001))));

    assertThat(answer.members()).containsExactly(Member.of("node-a", "127.0.0.1", 7000), other);
    assertThat(a.current().epoch()).isEqualTo(2);
  }

  @Test
  void aFixedRingNodeRefusesExchangesWithAClearError() {
    ErrorResponse error =
        (ErrorResponse) MembershipService.FIXED_RING.exchange(new MembersExchange(List.of()));

    assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.message()).contains("fixed ring");
  }

  @Test
  void closeStopsTheRounds() {
    Membership a = node("node-a", 7000, List.of(new HostPort("127.0.0.1", 7001)));
    Membership b = node("node-b", 7001, List.of());
    a.start();
    a.close();

    rounds(3);

    assertThat(b.members()).containsOnlyKeys(NodeId.of("node-b"));
  }
}
