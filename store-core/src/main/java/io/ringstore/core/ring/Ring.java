package io.ringstore.core.ring;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the consistent-hash ring: which member owns which virtual nodes, and the
 * preference list of every key. A membership change produces a new snapshot with the next epoch; a
 * router swaps the reference atomically and never takes a lock (DESIGN.md, "Ring").
 *
 * <p>Members own virtual nodes in proportion to their capacity weight. A joining member's tokens
 * are chosen by {@link TokenAllocator} to keep ownership proportional to weight, or given
 * explicitly (from gossip or from disk) with {@link #withMember(Member, long[])}.
 *
 * <p>Lookups hash the key, binary-search the sorted token array and index a precomputed array of
 * {@link PreferenceList}s: no allocation and no lock on the request path. Building a snapshot costs
 * O(virtual nodes × list size) and happens only on membership change.
 */
public final class Ring {
  private final RingConfig config;
  private final long epoch;
  private final RingLayout layout;
  private final PreferenceList[] preferenceLists;

  private Ring(RingConfig config, long epoch, RingLayout layout) {
    this.config = config;
    this.epoch = epoch;
    this.layout = layout;
    this.preferenceLists = PreferenceListBuilder.build(layout, config);
  }

  private Ring(Ring same, long epoch) {
    this.config = same.config;
    this.epoch = epoch;
    this.layout = same.layout;
    this.preferenceLists = same.preferenceLists;
  }

  /** A ring with no members, at epoch 0. */
  public static Ring empty(RingConfig config) {
    return new Ring(config, 0, RingLayout.empty());
  }

  /**
   * A ring of {@code members} at epoch {@code members.size()}, built by adding them in the order
   * given, each with tokens from the allocator. The same members in the same order always give the
   * same ring.
   */
  public static Ring of(RingConfig config, Collection<Member> members) {
    Ring ring = empty(config);
    for (Member member : members) {
      ring = ring.withMember(member);
    }
    return ring;
  }

  /**
   * The ring of {@code members}, each owning the tokens it announced, at {@code epoch}: how a node
   * builds the ring from gossip, so that every node that heard the same announcements builds the
   * same ring whatever the order it heard them in. A token two members announce goes to the one
   * whose id sorts first.
   *
   * @param tokensByNode each member's tokens; members absent here or with none are left out
   */
  public static Ring ofTokens(
      RingConfig config,
      long epoch,
      Map<NodeId, Member> members,
      Map<NodeId, long[]> tokensByNode) {
    if (epoch < 0) {
      throw new IllegalArgumentException("ring epoch " + epoch + " must not be negative");
    }
    return new Ring(config, epoch, RingLayout.of(members, tokensByNode));
  }

  /**
   * Tokens the allocator would give {@code member} joining this ring: how a new node chooses its
   * tokens once, before it announces them. Deterministic in the ring and the member; on an empty
   * ring, evenly spaced from an offset that depends on the member's id.
   */
  public long[] tokensFor(Member member) {
    return TokenAllocator.allocateShifted(layout, member, config.vnodesFor(member.weight()));
  }

  /** This ring plus {@code member}, with tokens chosen by the allocator; the next epoch. */
  public Ring withMember(Member member) {
    if (layout.memberMap().containsKey(member.id())) {
      throw new IllegalArgumentException("member " + member.id() + " is already on the ring");
    }
    long[] tokens = TokenAllocator.allocate(layout, member, config.vnodesFor(member.weight()));
    return withMember(member, tokens);
  }

  /** This ring plus {@code member} owning exactly {@code tokens}; the next epoch. */
  public Ring withMember(Member member, long[] tokens) {
    return new Ring(config, epoch + 1, layout.with(member, tokens));
  }

  /**
   * This snapshot stamped with {@code epoch} instead of its own: for a node or client that rebuilds
   * a ring received from a peer member by member and must keep the sender's epoch. Shares the
   * layout and preference lists, so it costs nothing.
   */
  public Ring withEpoch(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("ring epoch " + epoch + " must not be negative");
    }
    return new Ring(this, epoch);
  }

  /** This ring without {@code id}; its ranges pass to their clockwise successors. */
  public Ring withoutMember(NodeId id) {
    return new Ring(config, epoch + 1, layout.without(id));
  }

  /** The preference list of {@code key}. Allocates nothing. */
  public PreferenceList preferenceList(byte[] key) {
    return preferenceListForToken(config.partitioner().token(key));
  }

  /** The preference list of the key whose token is {@code token}. Allocates nothing. */
  public PreferenceList preferenceListForToken(long token) {
    requireMembers();
    return preferenceLists[layout.position(token)];
  }

  /**
   * The ranges {@code id} replicates, each with its replicas, in ring order: neighbouring virtual
   * nodes whose replicas are the same set are joined into one range (around the ring's wrap too),
   * so that a ring whose every list holds the same nodes is one full range. Empty if {@code id} is
   * not a replica of anything.
   */
  public List<ReplicatedRange> rangesReplicatedBy(NodeId id) {
    requireMembers();
    List<ReplicatedRange> ranges = new ArrayList<>();
    int positions = layout.size();
    int first = firstPositionStartingARun(id);
    if (first < 0) {
      return ranges;
    }
    int position = first;
    do {
      PreferenceList list = preferenceLists[position];
      int end = position;
      while (end + 1 < first + positions
          && sameReplicas(list, preferenceLists[(end + 1) % positions])) {
        end++;
      }
      if (list.isReplica(id)) {
        long start = layout.token((position + positions - 1) % positions);
        long last = layout.token(end % positions);
        ranges.add(new ReplicatedRange(new TokenRange(start, last), idsOf(list.replicas())));
      }
      position = end + 1;
    } while (position < first + positions);
    return ranges;
  }

  /**
   * A position whose replicas differ from its predecessor's, so that runs never straddle it; 0 when
   * every position has the same replicas (the one run is then the whole ring); -1 when {@code id}
   * replicates nothing.
   */
  private int firstPositionStartingARun(NodeId id) {
    int positions = layout.size();
    boolean replicates = false;
    int start = 0;
    for (int position = positions - 1; position >= 0; position--) {
      replicates |= preferenceLists[position].isReplica(id);
      int previous = (position + positions - 1) % positions;
      if (!sameReplicas(preferenceLists[position], preferenceLists[previous])) {
        start = position;
      }
    }
    return replicates ? start : -1;
  }

  private static boolean sameReplicas(PreferenceList a, PreferenceList b) {
    if (a == b) {
      return true;
    }
    if (a.replicaCount() != b.replicaCount()) {
      return false;
    }
    for (Member replica : a.replicas()) {
      if (!b.isReplica(replica.id())) {
        return false;
      }
    }
    return true;
  }

  private static List<NodeId> idsOf(List<Member> members) {
    List<NodeId> ids = new ArrayList<>(members.size());
    for (Member member : members) {
      ids.add(member.id());
    }
    return ids;
  }

  /** The member owning {@code token} as first replica. */
  public Member primaryOf(long token) {
    requireMembers();
    return layout.owner(layout.position(token));
  }

  /** The epoch of this snapshot: it grows by one with every membership change. */
  public long epoch() {
    return epoch;
  }

  /** How this ring is shaped. */
  public RingConfig config() {
    return config;
  }

  /** The members, ordered by id. */
  public Collection<Member> members() {
    return layout.members();
  }

  /** The member called {@code id}, if it is on the ring. */
  public Optional<Member> member(NodeId id) {
    return Optional.ofNullable(layout.memberMap().get(id));
  }

  /** The tokens {@code id} owns, ascending; empty if it is not on the ring. */
  public long[] tokensOf(NodeId id) {
    long[] tokens = layout.tokensByNode().get(id);
    return tokens == null ? new long[0] : tokens.clone();
  }

  /** The share of the ring each member owns as first replica; the shares sum to 1. */
  public Map<NodeId, Double> primaryShares() {
    return layout.shares();
  }

  /** The number of virtual nodes on the ring. */
  public int vnodeCount() {
    return layout.size();
  }

  /** Whether the ring has no members. */
  public boolean isEmpty() {
    return layout.isEmpty();
  }

  private void requireMembers() {
    if (layout.isEmpty()) {
      throw new IllegalStateException("the ring has no members yet: add a member first");
    }
  }

  @Override
  public String toString() {
    return "Ring{epoch="
        + epoch
        + ", members="
        + members().size()
        + ", vnodes="
        + vnodeCount()
        + "}";
  }
}
