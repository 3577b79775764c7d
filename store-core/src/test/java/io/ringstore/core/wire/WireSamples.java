package io.ringstore.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.provider.Arguments;

/** Sample messages of every type, edge cases included, and the comparison round trips use. */
final class WireSamples {
  static final long TIMESTAMP_MILLIS = 1_700_000_000_000L;
  static final int KEY_BYTES_TYPICAL = 16;
  static final int VALUE_BYTES_TYPICAL = 100;

  private WireSamples() {}

  /** A clock of {@code size} entries named n0, n1, ... with growing counters. */
  static VectorClock clock(int size) {
    List<VectorClock.Entry> entries = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      entries.add(new VectorClock.Entry(NodeId.of("n" + i), 1L + i * 1_000L, TIMESTAMP_MILLIS + i));
    }
    return VectorClock.of(entries);
  }

  static VectorClock clock3() {
    return VectorClock.of(
        List.of(
            new VectorClock.Entry(NodeId.of("node-b"), 7, TIMESTAMP_MILLIS),
            new VectorClock.Entry(NodeId.of("node-a"), 1, 0),
            new VectorClock.Entry(NodeId.of("node-c.eu_3"), Long.MAX_VALUE, Long.MAX_VALUE)));
  }

  /** {@link #clock3} with node-b's entry dotted: events 1..3 and 6..7. */
  static VectorClock dotted3() {
    List<VectorClock.Entry> entries = new ArrayList<>(clock3().entries());
    entries.set(
        1,
        new VectorClock.Entry(NodeId.of("node-b"), 7, TIMESTAMP_MILLIS, new long[] {1, 3, 6, 7}));
    return VectorClock.of(entries);
  }

  static byte[] bytes(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed + i * 31);
    }
    return bytes;
  }

  static PutRequest typicalPut() {
    return new PutRequest(
        bytes(KEY_BYTES_TYPICAL, 1),
        bytes(VALUE_BYTES_TYPICAL, 2),
        clock3(),
        Consistency.quorum(),
        500);
  }

  static Versioned[] siblings(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                i % 3 == 2
                    ? Versioned.tombstone(clock(i % 4), TIMESTAMP_MILLIS + i)
                    : Versioned.of(clock(i % 4), TIMESTAMP_MILLIS + i, bytes(i, i)))
        .toArray(Versioned[]::new);
  }

  /** Three members of weight 1, four virtual nodes each. */
  static Ring smallRing() {
    RingConfig config = RingConfig.defaults().withVnodesPerUnitWeight(4);
    return Ring.of(
        config,
        List.of(
            Member.of("node-a", "10.0.0.1", 7000),
            Member.of("node-b", "10.0.0.2", 7000),
            Member.of("node-c", "host-c.example.org", 65_535)));
  }

  /**
   * Members in zones with unequal weights, non-ASCII zone, N=2 and one fallback; epoch 5 after a
   * member left and came back.
   */
  static Ring zonedRing() {
    RingConfig config = new RingConfig(Murmur3Partitioner.INSTANCE, 2, 3, 1);
    return Ring.of(
            config,
            List.of(
                Member.of("a", "h1", 1).inZone("eu-1"),
                Member.of("b", "h2", 2).inZone("eu-2").withWeight(2.5),
                Member.of("c", "h3", 0).inZone("zürich").withWeight(0.25)))
        .withoutMember(NodeId.of("b"))
        .withMember(Member.of("b", "h2", 2).inZone("eu-2").withWeight(2.5));
  }

  /** Small messages of every registered type, as (name, message) arguments. */
  static List<Arguments> small() {
    List<Arguments> samples = new ArrayList<>();
    samples.addAll(clientRequests());
    samples.addAll(clientResponses());
    samples.addAll(peerMessages());
    return samples;
  }

  private static List<Arguments> clientRequests() {
    byte[] key = bytes(KEY_BYTES_TYPICAL, 1);
    return List.of(
        sample("get", new GetRequest(key, Consistency.quorum(), 500)),
        sample("get empty key", new GetRequest(new byte[0], Consistency.nodeDefault(), 0)),
        sample(
            "get explicit",
            new GetRequest(key, Consistency.explicit(3), WireLimits.TIMEOUT_MILLIS_MAX)),
        sample("put", typicalPut()),
        sample(
            "put empty key, value and clock",
            new PutRequest(new byte[0], new byte[0], VectorClock.empty(), Consistency.one(), 0)),
        sample(
            "put all",
            new PutRequest(
                key, bytes(1, 9), clock(WireLimits.CLOCK_ENTRIES_MAX), Consistency.all(), 1)),
        sample("delete", new DeleteRequest(key, clock3(), Consistency.quorum(), 250)),
        sample(
            "delete blind",
            new DeleteRequest(new byte[0], VectorClock.empty(), Consistency.explicit(1), 0)),
        sample("ring", new RingRequest()));
  }

  private static List<Arguments> clientResponses() {
    return List.of(
        sample("get not found", new GetResponse(new Versioned[0])),
        sample("get one", new GetResponse(siblings(2), 7)),
        sample("get many siblings", new GetResponse(siblings(WireLimits.SIBLINGS_MAX), 128)),
        sample("get latest ring epoch", new GetResponse(siblings(1), Long.MAX_VALUE)),
        sample("put response", new PutResponse(clock3(), 42)),
        sample("put response dotted", new PutResponse(dotted3(), 42)),
        sample("put response empty clock", new PutResponse(VectorClock.empty())),
        sample("put latest ring epoch", new PutResponse(clock3(), Long.MAX_VALUE)),
        sample("delete response", new DeleteResponse(clock3(), 300)),
        sample("delete response ring epoch 0", new DeleteResponse(clock3())),
        sample("error", new ErrorResponse(ErrorCode.OVERLOADED, "shedding load; retry")),
        sample("error empty", new ErrorResponse(ErrorCode.values()[0], "")),
        sample("error unicode", new ErrorResponse(ErrorCode.INTERNAL, "disk ü € \uD83D\uDE00")),
        sample(
            "error longest",
            ErrorResponse.of(
                ErrorCode.TIMEOUT, "\u20AC".repeat(WireLimits.ERROR_MESSAGE_CHARS_MAX))),
        sample("quorum failed", new QuorumFailedResponse(2, 3, 3)),
        sample("quorum failed none asked", new QuorumFailedResponse(0, 1, 0)),
        sample("ring empty", RingResponse.of(Ring.empty(RingConfig.defaults()))),
        sample("ring of three", RingResponse.of(smallRing())),
        sample("ring with zones and weights", RingResponse.of(zonedRing())));
  }

  private static List<Arguments> peerMessages() {
    byte[] key = bytes(KEY_BYTES_TYPICAL, 1);
    return List.of(
        sample("replica get", new ReplicaGetRequest(key)),
        sample("replica get response empty", new ReplicaGetResponse(new Versioned[0])),
        sample("replica get response", new ReplicaGetResponse(siblings(5))),
        sample(
            "replica put",
            new ReplicaPutRequest(key, Versioned.of(clock3(), TIMESTAMP_MILLIS, bytes(100, 3)))),
        sample(
            "replica put dotted",
            new ReplicaPutRequest(key, Versioned.of(dotted3(), TIMESTAMP_MILLIS, bytes(100, 3)))),
        sample(
            "replica put empty value",
            new ReplicaPutRequest(key, Versioned.of(clock(1), 0, new byte[0]))),
        sample(
            "replica put tombstone",
            new ReplicaPutRequest(key, Versioned.tombstone(clock3(), TIMESTAMP_MILLIS))),
        sample(
            "hinted put",
            new HintedPutRequest(
                NodeId.of("node-3"),
                new ReplicaPutRequest(
                    key, Versioned.of(clock3(), TIMESTAMP_MILLIS, bytes(100, 3))))),
        sample("replica put applied", new ReplicaPutResponse(true)),
        sample("replica put obsolete", new ReplicaPutResponse(false)),
        sample("ping", new Ping(123_456_789L)),
        sample("ping negative", new Ping(Long.MIN_VALUE)),
        sample("pong", new Pong(Long.MAX_VALUE)),
        sample("peer hello", new PeerHello(NodeId.of("node-1"))),
        sample("peer welcome", new PeerWelcome(NodeId.of("a".repeat(NodeId.LENGTH_MAX)))),
        sample("gossip syn empty", new GossipSyn(List.of())),
        sample(
            "gossip syn",
            new GossipSyn(
                List.of(
                    new GossipDigest(NodeId.of("a"), 1, 0),
                    new GossipDigest(NodeId.of("b"), Long.MAX_VALUE, Long.MAX_VALUE)))),
        sample("gossip ack empty", GossipAck.EMPTY),
        sample(
            "gossip ack",
            new GossipAck(
                List.of(new GossipDigest(NodeId.of("c"), 0, 0)), gossipStates(zonedRing()))),
        sample("gossip ack2", new GossipAck2(gossipStates(smallRing()))),
        sample("cluster state request", new ClusterStateRequest()),
        sample("cluster state", clusterState(zonedRing())),
        sample("node info request", new NodeInfoRequest()),
        sample("node info none", NodeInfoResponse.NONE),
        sample(
            "node info",
            new NodeInfoResponse(
                List.of(
                    new NodeInfoResponse.Field("node", "node-1"),
                    new NodeInfoResponse.Field("data_dir", "/var/lib/ringstore/données"),
                    new NodeInfoResponse.Field("empty", ""),
                    new NodeInfoResponse.Field("n".repeat(64), "v".repeat(1024))))),
        sample("auth start", new AuthStart("ops-team", filled(WireLimits.AUTH_NONCE_BYTES, 1))),
        sample("auth challenge", new AuthChallenge(filled(WireLimits.AUTH_NONCE_BYTES, 2))),
        sample("auth proof", new AuthProof(filled(WireLimits.AUTH_PROOF_BYTES, 3))),
        sample("auth ok", new AuthOk(filled(WireLimits.AUTH_PROOF_BYTES, 4))),
        sample("merkle tree request", new MerkleTreeRequest(new TokenRange(-5, 900), 3)),
        sample("merkle tree request full", new MerkleTreeRequest(TokenRange.full(), 0)),
        sample("merkle tree depth 0", new MerkleTreeResponse(0, 0, new long[] {0})),
        sample(
            "merkle tree",
            new MerkleTreeResponse(2, 12, new long[] {1, Long.MIN_VALUE, -7, Long.MAX_VALUE})),
        sample(
            "range sync",
            new RangeSyncRequest(
                List.of(new TokenRange(0, 10), new TokenRange(Long.MAX_VALUE, Long.MIN_VALUE)),
                new long[] {3, 7},
                new long[] {-1, 42})),
        sample(
            "range sync nothing held",
            new RangeSyncRequest(List.of(TokenRange.full()), new long[0], new long[0])),
        sample(
            "range sync response",
            new RangeSyncResponse(
                List.of(
                    new RepairEntry(key, siblings(3)),
                    new RepairEntry(new byte[0], new Versioned[0])),
                new long[] {5, Long.MIN_VALUE},
                true)),
        sample("range sync response empty", new RangeSyncResponse(List.of(), new long[0], false)),
        sample(
            "range push",
            new RangePushRequest(
                List.of(
                    new RepairEntry(key, siblings(2)),
                    new RepairEntry(
                        bytes(3, 4), new Versioned[] {Versioned.tombstone(clock3(), 9)})))),
        sample("range push empty", new RangePushRequest(List.of())),
        sample("repair request", new RepairRequest(true)),
        sample("decommission request", new DecommissionRequest()),
        sample("remove node request", new RemoveNodeRequest(NodeId.of("node-3"))),
        sample("repair status request", new RepairRequest(false)),
        sample("serial read", ConditionalRequest.serialRead(key, 0)),
        sample("put if absent", ConditionalRequest.putIfAbsent(key, bytes(100, 5), 42, 500)),
        sample(
            "put if version",
            ConditionalRequest.ifVersion(key, dotted3(), bytes(100, 6), Long.MIN_VALUE, 0)),
        sample("delete if version", ConditionalRequest.ifVersion(key, clock3(), null, -1, 0)),
        sample(
            "compare and set",
            ConditionalRequest.compareAndSet(key, bytes(10, 1), bytes(10, 2), 7, 250)),
        sample(
            "fenced put",
            ConditionalRequest.fenced(
                key, bytes(100, 4), new Fence("orders/compactor", Long.MAX_VALUE), 9, 0)),
        sample(
            "fenced delete", ConditionalRequest.fenced(key, null, new Fence("l\u00e5s", 1), 10, 0)),
        sample("conditional applied", new ConditionalResponse(true, siblings(2)[0])),
        sample("conditional not applied, absent", new ConditionalResponse(false, null)),
        sample(
            "lock acquire",
            LockRequest.acquire(
                "compactor", -42, LockRequest.LEASE_MILLIS_MAX, LockRequest.WAIT_MILLIS_MAX, 0)),
        sample("lock renew", LockRequest.renew("l\u00e5s", Long.MAX_VALUE, 100, 2_000)),
        sample("lock release", LockRequest.release("compactor", 1, 0)),
        sample("lock status", LockRequest.status("x".repeat(Fence.LOCK_NAME_BYTES_MAX), 0)),
        sample(
            "lock granted",
            new LockResponse(LockResponse.Outcome.GRANTED, true, Long.MIN_VALUE, 7, 30_000)),
        sample("lock free", new LockResponse(LockResponse.Outcome.STATUS, false, 0, 0, 0)),
        sample(
            "paxos prepare", new PaxosPrepare(key, new Ballot(Ballot.ROUND_MAX, NodeId.of("n1")))),
        sample(
            "paxos promise",
            new PaxosPromise(
                true,
                new Ballot(9, NodeId.of("n1")),
                new Ballot(7, NodeId.of("node-c.eu_3")),
                Versioned.of(dotted3(), TIMESTAMP_MILLIS, bytes(100, 3)),
                new long[] {1, -1, Long.MAX_VALUE},
                Fences.NONE.with(new Fence("b", 2)).with(new Fence("a", Long.MAX_VALUE)),
                siblings(3))),
        sample(
            "paxos promise of a key a transaction holds",
            new PaxosPromise(
                true,
                new Ballot(9, NodeId.of("n1")),
                new Ballot(7, NodeId.of("n2")),
                Versioned.of(dotted3(), TIMESTAMP_MILLIS, bytes(100, 3)),
                new long[] {1},
                Fences.NONE,
                new Intent(
                    new TransactionId(-1, 0), TIMESTAMP_MILLIS, Intent.Kind.PUT, bytes(100, 5)),
                siblings(1))),
        sample(
            "paxos promise, accepted that the key has none",
            new PaxosPromise(
                true,
                new Ballot(9, NodeId.of("n1")),
                new Ballot(2, NodeId.of("n2")),
                null,
                new long[0],
                Fences.NONE,
                new Versioned[0])),
        sample("paxos refusal", PaxosPromise.refused(new Ballot(1, NodeId.of("n2")))),
        sample(
            "paxos propose",
            new PaxosPropose(
                key,
                new Ballot(3, NodeId.of("n1")),
                Versioned.tombstone(clock3(), TIMESTAMP_MILLIS),
                new long[PaxosPropose.WRITE_IDS_MAX],
                Fences.NONE.with(new Fence("lock", 3)))),
        sample(
            "paxos propose none",
            new PaxosPropose(key, new Ballot(3, NodeId.of("n1")), null, new long[0], Fences.NONE)),
        sample(
            "paxos propose holding a key for a transaction",
            new PaxosPropose(
                key,
                new Ballot(3, NodeId.of("n1")),
                null,
                new long[] {2},
                Fences.NONE,
                new Intent(new TransactionId(0, 1), 0, Intent.Kind.DELETE, null))),
        sample(
            "transaction",
            new TransactionRequest(
                new TransactionId(Long.MIN_VALUE, Long.MAX_VALUE),
                List.of(
                    new TransactionRequest.Key(key, dotted3(), Intent.Kind.PUT, bytes(100, 6)),
                    TransactionRequest.Key.read(new byte[0], VectorClock.empty()),
                    new TransactionRequest.Key(
                        bytes(10, 7), VectorClock.empty(), Intent.Kind.DELETE, null)),
                30_000)),
        sample("transaction committed", TransactionResponse.committed()),
        sample(
            "transaction conflict",
            TransactionResponse.conflict("key 'a' changed since the transaction read it")),
        sample("paxos accepted", new PaxosAccepted(true, new Ballot(3, NodeId.of("n1")))),
        sample("paxos refused", new PaxosAccepted(false, new Ballot(4, NodeId.of("n3")))),
        sample(
            "paxos commit",
            new PaxosCommit(key, Versioned.of(clock3(), TIMESTAMP_MILLIS, bytes(100, 3)))),
        sample("paxos states request", new PaxosStatesRequest(new TokenRange(-5, Long.MIN_VALUE))),
        sample(
            "paxos states, a truncated page",
            new PaxosStatesResponse(
                List.of(
                    new AcceptorEntry(
                        key,
                        new AcceptorState(
                            new Ballot(7, NodeId.of("n1")),
                            new Ballot(6, NodeId.of("n2")),
                            Versioned.of(dotted3(), TIMESTAMP_MILLIS, bytes(100, 3)),
                            new long[] {1, -1},
                            Fences.NONE.with(new Fence("lock", 9)))),
                    new AcceptorEntry(
                        new byte[0],
                        AcceptorState.EMPTY.promising(new Ballot(1, NodeId.of("n3"))))),
                true,
                -42)),
        sample("paxos states, none", new PaxosStatesResponse(List.of(), false, 0)),
        sample(
            "paxos states push",
            new PaxosStatesPush(
                List.of(
                    new AcceptorEntry(
                        key,
                        new AcceptorState(
                            new Ballot(3, NodeId.of("n1")),
                            new Ballot(3, NodeId.of("n1")),
                            null,
                            new long[] {5},
                            Fences.NONE,
                            new Intent(
                                new TransactionId(7, 7),
                                TIMESTAMP_MILLIS,
                                Intent.Kind.READ,
                                null)))))),
        sample("repair status none", RepairStatus.NONE),
        sample(
            "repair status",
            new RepairStatus(
                true, 3, 12, 5, 1, 1_000_000, 17, 4, Long.MAX_VALUE, 60_000, "node-3 timed out")));
  }

  /** Each member of {@code ring} as gossip carries it, every other one without its info. */
  private static List<GossipState> gossipStates(Ring ring) {
    List<GossipState> states = new ArrayList<>();
    int i = 0;
    for (Member member : ring.members()) {
      GossipInfo info =
          new GossipInfo(member, MemberStatus.values()[i % 5], i, ring.tokensOf(member.id()));
      states.add(new GossipState(member.id(), i + 1, i + 7, i % 2 == 0 ? info : null));
      i++;
    }
    return states;
  }

  private static ClusterStateResponse clusterState(Ring ring) {
    List<ClusterStateResponse.MemberView> views = new ArrayList<>();
    int i = 0;
    for (Member member : ring.members()) {
      views.add(
          new ClusterStateResponse.MemberView(
              member,
              MemberStatus.values()[i % 5],
              NodeState.values()[i % 3],
              i * 1.5,
              i + 1,
              i * 100L,
              ring.tokensOf(member.id()).length));
      i++;
    }
    return new ClusterStateResponse(ring.epoch(), views);
  }

  /** Messages at their size bounds; too large to mutate by the thousand. */
  static List<Arguments> large() {
    byte[] longestKey = bytes(WireLimits.KEY_BYTES_MAX, 5);
    VectorClock longIds =
        VectorClock.of(
            List.of(
                new VectorClock.Entry(NodeId.of("a".repeat(NodeId.LENGTH_MAX)), 1, 1),
                new VectorClock.Entry(NodeId.of("b".repeat(NodeId.LENGTH_MAX)), 2, 2)));
    return List.of(
        sample("longest key", new ReplicaGetRequest(longestKey)),
        sample("most members", new ClusterStateResponse(9, mostMembers())),
        sample("ring member owning the most tokens", ringWithMostTokens()),
        sample(
            "largest value",
            new PutRequest(
                longestKey,
                bytes(WireLimits.VALUE_BYTES_MAX, 6),
                longIds,
                Consistency.explicit(WireLimits.REPLICAS_MAX),
                WireLimits.TIMEOUT_MILLIS_MAX)),
        sample(
            "largest clocks",
            new GetResponse(
                new Versioned[] {
                  Versioned.of(clock(WireLimits.CLOCK_ENTRIES_MAX), 1, bytes(1000, 7)),
                  Versioned.tombstone(clock(WireLimits.CLOCK_ENTRIES_MAX), 2),
                  Versioned.of(largestDotted(), 3, bytes(10, 8))
                })));
  }

  /** The largest clock with every entry but the first (counter 1) holding the most runs. */
  private static VectorClock largestDotted() {
    List<VectorClock.Entry> entries = new ArrayList<>();
    for (VectorClock.Entry entry : clock(WireLimits.CLOCK_ENTRIES_MAX).entries()) {
      long counter = entry.counter();
      if (counter < 2 * VectorClock.RUNS_MAX) {
        entries.add(entry);
        continue;
      }
      long[] runs = new long[2 * VectorClock.RUNS_MAX];
      for (int r = 0; r < VectorClock.RUNS_MAX; r++) {
        runs[2 * r] = counter - 2 * (VectorClock.RUNS_MAX - 1 - r);
        runs[2 * r + 1] = runs[2 * r];
      }
      entries.add(new VectorClock.Entry(entry.node(), counter, entry.lastUpdatedMillis(), runs));
    }
    return VectorClock.of(entries);
  }

  private static List<ClusterStateResponse.MemberView> mostMembers() {
    List<ClusterStateResponse.MemberView> members = new ArrayList<>();
    for (int i = 0; i < WireLimits.RING_MEMBERS_MAX; i++) {
      Member member =
          Member.of("n" + i, "h".repeat(WireLimits.HOST_CHARS_MAX), i)
              .inZone("z".repeat(WireLimits.ZONE_CHARS_MAX));
      members.add(
          new ClusterStateResponse.MemberView(
              member, MemberStatus.NORMAL, NodeState.UP, 0, 1, 1, 256));
    }
    return members;
  }

  private static RingResponse ringWithMostTokens() {
    long[] tokens = new long[WireLimits.RING_MEMBER_TOKENS_MAX];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = Long.MIN_VALUE + i * 65_536L;
    }
    Member member =
        Member.of("a".repeat(NodeId.LENGTH_MAX), "h".repeat(WireLimits.HOST_CHARS_MAX), 1);
    return new RingResponse(
        Long.MAX_VALUE,
        RingConfig.REPLICATION_FACTOR_MAX,
        RingConfig.VNODES_PER_UNIT_WEIGHT_MAX,
        RingConfig.FALLBACKS_MAX_MAX,
        List.of(
            new RingResponse.MemberTokens(
                member.inZone("z".repeat(WireLimits.ZONE_CHARS_MAX)).withWeight(Member.WEIGHT_MAX),
                tokens)));
  }

  private static Arguments sample(String name, Message message) {
    return Arguments.of(name, message);
  }

  /**
   * Asserts that two messages are equal field by field, arrays by content and vector clocks by
   * their entries (including lastUpdatedMillis, which VectorClock#equals ignores). Byte arrays
   * compare as a whole: AssertJ's element-wise walk runs out of memory on a 16 MiB value.
   */
  static void assertSameMessage(Message actual, Message expected) {
    Comparator<VectorClock> byEntries = (a, b) -> a.entries().equals(b.entries()) ? 0 : 1;
    assertThat(actual)
        .usingRecursiveComparison()
        .withComparatorForType(byEntries, VectorClock.class)
        .withComparatorForType(Arrays::compare, byte[].class)
        .isEqualTo(expected);
  }

  private static byte[] filled(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed * 31 + i);
    }
    return bytes;
  }
}
