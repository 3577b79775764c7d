package io.ringstore.core.ring;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chooses the tokens of a member joining a ring so that ownership stays proportional to weight and
 * only the newcomer gains data.
 *
 * <p>Random tokens (Dynamo's first scheme) need thousands of virtual nodes before the most loaded
 * node is within 10% of the mean: with 256 random tokens per node the spread of a node's share is
 * about 1/sqrt(256), so one node in ten is typically 10% over. Like Cassandra's token allocation
 * (CASSANDRA-7032) we place tokens deliberately instead:
 *
 * <ol>
 *   <li>The newcomer's target share is its weight over the total weight. Every existing member
 *       owning more than its own new target gives up the excess, in proportion.
 *   <li>Each giving member is assigned a number of the newcomer's tokens by largest remainder.
 *   <li>Each such token splits one of the giver's largest ranges (its {@code 2 × count} largest,
 *       visited in an order shuffled by a seed derived from the newcomer's id, so that successors
 *       mix and replicated load spreads better than splitting strictly largest-first): the
 *       newcomer's token is placed so that it takes an equal part of what is still to give from the
 *       start of the range, at most 95% of the range.
 * </ol>
 *
 * <p>Because new tokens only split existing ranges, every key that changes owner moves to the
 * newcomer, and the moved share equals its target share unless the 95% cap bit (it does not with
 * 256 virtual nodes per unit of weight: the distribution test measures 0.0906–0.0910 moved for an
 * ideal 1/11 = 0.0909). A member that leaves hands each of its ranges to the successor, which moves
 * only its keys (balance then degrades until the next join, as with any fixed-token ring). The
 * first member gets evenly spaced tokens. Everything is deterministic: the same ring and member
 * give the same tokens, so simulations replay.
 */
final class TokenAllocator {
  /** The most of a range one new token may take, so the old owner keeps a non-empty range. */
  private static final double TAKE_OF_RANGE_MAX = 0.95;

  /** Ranges considered per token placed: the largest {@code 2 * count} of the giver's. */
  private static final int CANDIDATES_PER_TOKEN = 2;

  private TokenAllocator() {}

  /**
   * Tokens for {@code joining} given the current ring; sorted, distinct, and distinct from every
   * existing token.
   */
  static long[] allocate(RingLayout layout, Member joining, int vnodes) {
    long[] tokens =
        layout.isEmpty()
            ? evenlySpaced(vnodes)
            : splitGivers(layout, joining.weight(), vnodes, seedOf(joining));
    Arrays.sort(tokens);
    return tokens;
  }

  /**
   * Tokens for {@code joining} given the current ring, as {@link #allocate}, except that the first
   * member of an empty ring gets evenly spaced tokens shifted by an offset derived from its id: two
   * nodes that each believe they start a new ring (started at the same moment, neither yet heard of
   * the other) then interleave their tokens instead of announcing the very same ones.
   */
  static long[] allocateShifted(RingLayout layout, Member joining, int vnodes) {
    if (!layout.isEmpty()) {
      return allocate(layout, joining, vnodes);
    }
    double stride = TokenSpace.RING_UNITS / vnodes;
    double offset = stride * (((seedOf(joining) >>> 11) * 0x1.0p-53));
    long[] tokens = new long[vnodes];
    for (int i = 0; i < vnodes; i++) {
      tokens[i] = TokenSpace.advance(Long.MIN_VALUE, stride * i + offset);
    }
    Arrays.sort(tokens);
    return tokens;
  }

  private static long seedOf(Member joining) {
    return Murmur3Partitioner.INSTANCE.token(joining.id().value().getBytes(StandardCharsets.UTF_8));
  }

  private static long[] evenlySpaced(int vnodes) {
    double stride = TokenSpace.RING_UNITS / vnodes;
    long[] tokens = new long[vnodes];
    for (int i = 0; i < vnodes; i++) {
      tokens[i] = TokenSpace.advance(Long.MIN_VALUE, stride * i + stride / 2);
    }
    return tokens;
  }

  private static long[] splitGivers(
      RingLayout layout, double joiningWeight, int vnodes, long seed) {
    Map<NodeId, Double> gives = gives(layout, joiningWeight);
    Map<NodeId, Integer> tokenCounts = apportion(gives, vnodes);
    Map<NodeId, List<Range>> rangesByGiver = rangesByOwner(layout, tokenCounts.keySet());
    Random random = new Random(seed);
    long[] tokens = new long[vnodes];
    int next = 0;
    for (Map.Entry<NodeId, Integer> count : tokenCounts.entrySet()) {
      NodeId giver = count.getKey();
      double giveUnits = gives.get(giver) * TokenSpace.RING_UNITS;
      long[] taken = takeFrom(rangesByGiver.get(giver), giveUnits, count.getValue(), random);
      System.arraycopy(taken, 0, tokens, next, taken.length);
      next += taken.length;
    }
    return tokens;
  }

  /** The share of the ring each existing member gives the newcomer; they sum to its target. */
  private static Map<NodeId, Double> gives(RingLayout layout, double joiningWeight) {
    double totalWeight = joiningWeight + layout.totalWeight();
    double targetShare = joiningWeight / totalWeight;
    Map<NodeId, Double> excess = new HashMap<>();
    double excessTotal = 0;
    for (Member member : layout.members()) {
      double over = layout.share(member.id()) - member.weight() / totalWeight;
      if (over > 0) {
        excess.put(member.id(), over);
        excessTotal += over;
      }
    }
    Map<NodeId, Double> gives = new HashMap<>();
    for (Map.Entry<NodeId, Double> entry : excess.entrySet()) {
      gives.put(entry.getKey(), targetShare * entry.getValue() / excessTotal);
    }
    return gives;
  }

  /**
   * Splits {@code vnodes} tokens among givers in proportion to what they give (largest remainder,
   * ties by node id); a giver apportioned no token gives nothing, and the others' gives are scaled
   * up to keep the newcomer's share.
   */
  private static Map<NodeId, Integer> apportion(Map<NodeId, Double> gives, int vnodes) {
    double giveTotal = gives.values().stream().mapToDouble(Double::doubleValue).sum();
    List<NodeId> order = new ArrayList<>(gives.keySet());
    order.sort(Comparator.naturalOrder());
    Map<NodeId, Integer> counts = new HashMap<>();
    int assigned = 0;
    for (NodeId id : order) {
      int whole = (int) Math.floor(vnodes * gives.get(id) / giveTotal);
      counts.put(id, whole);
      assigned += whole;
    }
    order.sort(Comparator.comparingDouble((NodeId id) -> -remainder(gives, giveTotal, vnodes, id)));
    for (int i = 0; assigned < vnodes; i++, assigned++) {
      counts.merge(order.get(i), 1, Integer::sum);
    }
    counts.values().removeIf(count -> count == 0);
    rescale(gives, counts.keySet(), giveTotal);
    return new TreeMap<>(counts);
  }

  private static double remainder(
      Map<NodeId, Double> gives, double giveTotal, int vnodes, NodeId id) {
    double exact = vnodes * gives.get(id) / giveTotal;
    return exact - Math.floor(exact);
  }

  private static void rescale(Map<NodeId, Double> gives, Set<NodeId> kept, double giveTotal) {
    gives.keySet().retainAll(kept);
    double keptTotal = gives.values().stream().mapToDouble(Double::doubleValue).sum();
    gives.replaceAll((id, give) -> give * giveTotal / keptTotal);
  }

  private static Map<NodeId, List<Range>> rangesByOwner(RingLayout layout, Set<NodeId> owners) {
    Map<NodeId, List<Range>> ranges = new HashMap<>();
    for (int position = 0; position < layout.size(); position++) {
      NodeId owner = layout.owner(position).id();
      if (owners.contains(owner)) {
        ranges.computeIfAbsent(owner, id -> new ArrayList<>()).add(layout.range(position));
      }
    }
    return ranges;
  }

  /**
   * Places {@code count} tokens in the giver's ranges, visiting the ranges in an order shuffled by
   * {@code random} and taking an equal part of what is still to give from the start of each.
   */
  private static long[] takeFrom(List<Range> ranges, double giveUnits, int count, Random random) {
    List<Range> order = new ArrayList<>(ranges);
    order.sort(Range.LARGEST_FIRST);
    order = new ArrayList<>(order.subList(0, Math.min(order.size(), CANDIDATES_PER_TOKEN * count)));
    Collections.shuffle(order, random);
    long[] tokens = new long[count];
    double remainingUnits = giveUnits;
    for (int i = 0; i < count; i++) {
      Range range = order.get(i % order.size());
      if (range.units() < 2) {
        throw new IllegalStateException(
            "token range after " + range.startExclusive() + " is too small to split");
      }
      double takeUnits = Math.min(remainingUnits / (count - i), range.units() * TAKE_OF_RANGE_MAX);
      takeUnits = Math.min(Math.max(1.0, takeUnits), range.units() - 1);
      tokens[i] = TokenSpace.advance(range.startExclusive(), takeUnits);
      order.set(i % order.size(), new Range(tokens[i], range.units() - takeUnits));
      remainingUnits -= takeUnits;
    }
    return tokens;
  }

  /** A range of the ring: {@code units} token units after {@code startExclusive}. */
  record Range(long startExclusive, double units) {
    static final Comparator<Range> LARGEST_FIRST =
        Comparator.comparingDouble(Range::units)
            .reversed()
            .thenComparingLong(Range::startExclusive);
  }
}
