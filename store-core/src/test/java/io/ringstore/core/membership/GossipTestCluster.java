package io.ringstore.core.membership;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Real {@link GossipMembership}s on a {@link GossipTestNetwork}: node {@code i} is {@code node-00i}
 * at 127.0.0.1:{@code 7000+i}, with its own {@link MembershipStore} that survives its restarts, and
 * a random source derived from the test's seed. Request evidence is fed by nothing unless a test
 * wires an {@link ObservedTransport}, so liveness comes from phi alone.
 *
 * <p>These nodes hold no data: a node that joins a ring of N or more (and so announces its tokens
 * as JOINING, to receive its ranges first) announces NORMAL one gossip interval later, as {@code
 * RangeMovements} would once its empty stream is done.
 */
final class GossipTestCluster {
  /** Few virtual nodes, so that rings of a hundred members build fast. */
  static final RingConfig RING = RingConfig.defaults().withVnodesPerUnitWeight(16);

  private final GossipTestNetwork network;
  private final GossipSettings settings;
  private final RingConfig ring;
  private final List<HostPort> seeds;
  private final long seed;
  private final Map<NodeId, Member> members = new LinkedHashMap<>();
  private final Map<NodeId, MembershipStore> stores = new LinkedHashMap<>();
  private final Map<NodeId, GossipMembership> running = new LinkedHashMap<>();
  private final List<String> events = new ArrayList<>();
  private int incarnations;

  GossipTestCluster(GossipTestNetwork network, GossipSettings settings, int seedCount, long seed) {
    this(network, settings, RING, seedCount, seed);
  }

  /** Nodes whose seeds are nodes 1 to {@code seedCount}, on rings shaped by {@code ring}. */
  GossipTestCluster(
      GossipTestNetwork network,
      GossipSettings settings,
      RingConfig ring,
      int seedCount,
      long seed) {
    this.network = network;
    this.ring = ring;
    this.settings = settings;
    this.seed = seed;
    List<HostPort> addresses = new ArrayList<>();
    for (int i = 1; i <= seedCount; i++) {
      Member member = member(i);
      addresses.add(new HostPort(member.host(), member.port()));
    }
    this.seeds = List.copyOf(addresses);
  }

  static Member member(int i) {
    return Member.of(String.format(Locale.ROOT, "node-%03d", i), "127.0.0.1", 7000 + i);
  }

  static NodeId id(int i) {
    return member(i).id();
  }

  /** Creates node {@code i} with a fresh store, without starting it. */
  GossipMembership create(int i) {
    return create(i, MembershipStore.inMemory());
  }

  /** Creates node {@code i} (again) on {@code store}, without starting it. */
  GossipMembership create(int i, MembershipStore store) {
    Member member = member(i);
    GossipMembership old = running.get(member.id());
    if (old != null) {
      old.close();
    }
    stores.put(member.id(), store);
    members.put(member.id(), member);
    GossipMembership membership =
        new GossipMembership(member, ring, seeds, settings, parts(member.id()));
    running.put(member.id(), membership);
    network.register(member, membership);
    completeJoinOf(member.id(), membership);
    return membership;
  }

  /** While {@code membership} runs, announces NORMAL a round after it announced JOINING tokens. */
  private void completeJoinOf(NodeId id, GossipMembership membership) {
    network
        .scheduler()
        .schedule(
            TimeUnit.MILLISECONDS.toNanos(settings.intervalMillis()),
            () -> {
              if (running.get(id) != membership) {
                return;
              }
              if (membership.status() == MemberStatus.JOINING
                  && membership.future().member(id).isPresent()) {
                membership.announce(MemberStatus.NORMAL);
              }
              completeJoinOf(id, membership);
            });
  }

  /** Creates and starts nodes 1 to {@code count}, all at this moment. */
  void startAll(int count) {
    for (int i = 1; i <= count; i++) {
      create(i);
    }
    for (int i = 1; i <= count; i++) {
      node(i).start();
    }
  }

  /** Restarts node {@code i} at once on the store it had. */
  GossipMembership restart(int i) {
    GossipMembership membership = create(i, stores.get(id(i)));
    membership.start();
    return membership;
  }

  private GossipMembership.Parts parts(NodeId node) {
    long random = seed * 1_000_003L + node.hashCode() * 31L + incarnations++;
    return new GossipMembership.Parts(
        network.transport(node),
        network.seedTransport(node),
        network.scheduler(),
        network.clock(),
        new Random(random),
        stores.get(node),
        new PeerEvidence(TimeUnit.MILLISECONDS.toNanos(settings.silentAfterMillis())),
        event -> events.add(node + " " + event));
  }

  RingConfig ring() {
    return ring;
  }

  GossipMembership node(int i) {
    return running.get(id(i));
  }

  MembershipStore store(int i) {
    return stores.get(id(i));
  }

  List<GossipMembership> nodes() {
    return List.copyOf(running.values());
  }

  List<String> events() {
    return List.copyOf(events);
  }

  /**
   * What identifies a ring: its epoch and every member's tokens. Two nodes with equal signatures
   * route every key alike.
   */
  static String signature(Ring ring) {
    Map<NodeId, String> tokens = new TreeMap<>();
    for (Member member : ring.members()) {
      tokens.put(member.id(), Arrays.toString(ring.tokensOf(member.id())));
    }
    return "epoch " + ring.epoch() + " " + tokens;
  }

  /** Whether every running node has the same ring, with {@code membersExpected} members. */
  boolean agree(int membersExpected) {
    Long epoch = null;
    for (GossipMembership node : running.values()) {
      Ring ring = node.current();
      if (ring.members().size() != membersExpected || (epoch != null && epoch != ring.epoch())) {
        return false;
      }
      epoch = ring.epoch();
    }
    String first = null;
    for (GossipMembership node : running.values()) {
      String signature = signature(node.current());
      if (first != null && !first.equals(signature)) {
        return false;
      }
      first = signature;
    }
    return true;
  }
}
