package io.ringstore.core.ring;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The token table of a ring: every virtual node's token in ascending order with the member that
 * owns it, and each member's share of the ring. Immutable. A key belongs to the first position
 * whose token is at or after the key's token, wrapping past the last position to the first.
 */
final class RingLayout {
  private static final int BUCKET_BITS_MAX = 20;

  private final long[] tokens;
  private final Member[] owners;
  private final Map<NodeId, Member> members;
  private final Map<NodeId, long[]> tokensByNode;
  private final Map<NodeId, Double> shares;
  private final int bucketShift;
  private final int[] bucketFirstPosition;

  private RingLayout(Map<NodeId, Member> members, Map<NodeId, long[]> tokensByNode) {
    this.members = Collections.unmodifiableMap(new TreeMap<>(members));
    this.tokensByNode = Collections.unmodifiableMap(new TreeMap<>(tokensByNode));
    int total = tokensByNode.values().stream().mapToInt(t -> t.length).sum();
    this.tokens = new long[total];
    this.owners = new Member[total];
    fillSorted();
    this.shares = Collections.unmodifiableMap(computeShares());
    this.bucketShift = Long.SIZE - bucketBits(total);
    this.bucketFirstPosition = indexBuckets();
  }

  static RingLayout empty() {
    return new RingLayout(Map.of(), Map.of());
  }

  /**
   * The layout of {@code members} each owning its tokens in {@code tokensByNode}, built at once. A
   * token announced by two members goes to the one whose id sorts first; the other simply owns one
   * virtual node fewer. Members left with no token are not on the ring.
   */
  static RingLayout of(Map<NodeId, Member> members, Map<NodeId, long[]> tokensByNode) {
    Map<Long, NodeId> claimed = new HashMap<>();
    for (NodeId id : new TreeMap<>(tokensByNode).keySet()) {
      for (long token : tokensByNode.get(id)) {
        claimed.putIfAbsent(token, id);
      }
    }
    Map<NodeId, Member> owning = new HashMap<>();
    Map<NodeId, long[]> kept = new HashMap<>();
    for (Map.Entry<NodeId, long[]> entry : tokensByNode.entrySet()) {
      NodeId id = entry.getKey();
      long[] own = Arrays.stream(entry.getValue()).filter(t -> claimed.get(t).equals(id)).toArray();
      if (own.length > 0 && members.containsKey(id)) {
        Arrays.sort(own);
        owning.put(id, members.get(id));
        kept.put(id, own);
      }
    }
    return new RingLayout(owning, kept);
  }

  /** The layout with {@code member} owning {@code memberTokens} (sorted, none already taken). */
  RingLayout with(Member member, long[] memberTokens) {
    if (members.containsKey(member.id())) {
      throw new IllegalArgumentException("member " + member.id() + " is already on the ring");
    }
    requireFreeTokens(member, memberTokens);
    Map<NodeId, Member> newMembers = new HashMap<>(members);
    newMembers.put(member.id(), member);
    Map<NodeId, long[]> newTokens = new HashMap<>(tokensByNode);
    newTokens.put(member.id(), memberTokens.clone());
    return new RingLayout(newMembers, newTokens);
  }

  /** The layout without {@code id}: each of its ranges passes to the next position clockwise. */
  RingLayout without(NodeId id) {
    if (!members.containsKey(id)) {
      throw new IllegalArgumentException("member " + id + " is not on the ring");
    }
    Map<NodeId, Member> newMembers = new HashMap<>(members);
    newMembers.remove(id);
    Map<NodeId, long[]> newTokens = new HashMap<>(tokensByNode);
    newTokens.remove(id);
    return new RingLayout(newMembers, newTokens);
  }

  boolean isEmpty() {
    return tokens.length == 0;
  }

  /** The number of virtual nodes (positions). */
  int size() {
    return tokens.length;
  }

  long token(int position) {
    return tokens[position];
  }

  Member owner(int position) {
    return owners[position];
  }

  /**
   * The position that owns {@code token}. The top bits of the token pick a bucket that holds about
   * one position, and a binary search within the bucket finishes: a couple of cache misses instead
   * of the fourteen of a search over 16,384 tokens. Allocates nothing.
   */
  int position(long token) {
    int bucket = bucketOf(token);
    int from = bucketFirstPosition[bucket];
    int to = bucketFirstPosition[bucket + 1];
    int found = Arrays.binarySearch(tokens, from, to, token);
    int position = found >= 0 ? found : -found - 1;
    return position == tokens.length ? 0 : position;
  }

  private int bucketOf(long token) {
    return bucketShift == Long.SIZE ? 0 : (int) ((token ^ Long.MIN_VALUE) >>> bucketShift);
  }

  /** About one bucket per position, a power of two, at most 2^20. */
  private static int bucketBits(int positions) {
    int bits = Integer.SIZE - Integer.numberOfLeadingZeros(Math.max(1, positions - 1));
    return Math.min(bits, BUCKET_BITS_MAX);
  }

  /** For every bucket, the first position whose token lies in or after it; then the size. */
  private int[] indexBuckets() {
    int buckets = bucketShift == Long.SIZE ? 1 : 1 << (Long.SIZE - bucketShift);
    int[] first = new int[buckets + 1];
    int position = 0;
    for (int bucket = 0; bucket < buckets; bucket++) {
      while (position < tokens.length && bucketOf(tokens[position]) < bucket) {
        position++;
      }
      first[bucket] = position;
    }
    first[buckets] = tokens.length;
    return first;
  }

  /** The range position {@code position} owns: from the previous token to its own. */
  TokenAllocator.Range range(int position) {
    long previous = tokens[position == 0 ? tokens.length - 1 : position - 1];
    return new TokenAllocator.Range(previous, TokenSpace.rangeUnits(previous, tokens[position]));
  }

  Collection<Member> members() {
    return members.values();
  }

  Map<NodeId, Member> memberMap() {
    return members;
  }

  Map<NodeId, long[]> tokensByNode() {
    return tokensByNode;
  }

  /** The share of the ring {@code id} owns as primary, 0 to 1. */
  double share(NodeId id) {
    return shares.getOrDefault(id, 0.0);
  }

  Map<NodeId, Double> shares() {
    return shares;
  }

  double totalWeight() {
    return members.values().stream().mapToDouble(Member::weight).sum();
  }

  private void fillSorted() {
    int next = 0;
    for (Map.Entry<NodeId, long[]> entry : tokensByNode.entrySet()) {
      for (long token : entry.getValue()) {
        tokens[next++] = token;
      }
    }
    Arrays.sort(tokens);
    Map<Long, Member> ownerOf = new HashMap<>(tokens.length * 2);
    tokensByNode.forEach((id, owned) -> putOwner(ownerOf, members.get(id), owned));
    for (int i = 0; i < tokens.length; i++) {
      owners[i] = ownerOf.get(tokens[i]);
    }
  }

  private static void putOwner(Map<Long, Member> ownerOf, Member member, long[] owned) {
    for (long token : owned) {
      if (ownerOf.put(token, member) != null) {
        throw new IllegalArgumentException("token " + token + " is owned twice");
      }
    }
  }

  private void requireFreeTokens(Member member, long[] memberTokens) {
    if (memberTokens.length == 0) {
      throw new IllegalArgumentException("member " + member.id() + " must own at least a token");
    }
    for (long token : memberTokens) {
      int found = Arrays.binarySearch(tokens, token);
      if (found >= 0) {
        throw new IllegalArgumentException(
            "member " + member.id() + ": token " + token + " already belongs to " + owners[found]);
      }
    }
  }

  private Map<NodeId, Double> computeShares() {
    Map<NodeId, Double> result = new HashMap<>();
    for (int position = 0; position < tokens.length; position++) {
      double units = range(position).units();
      result.merge(owners[position].id(), TokenSpace.share(units), Double::sum);
    }
    return result;
  }
}
