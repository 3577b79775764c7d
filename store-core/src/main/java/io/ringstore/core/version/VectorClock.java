package io.ringstore.core.version;

import io.ringstore.core.cluster.NodeId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/**
 * The causal history of one version of a key: for each node that coordinated a write of it, how
 * many such writes that node made ({@code counter}) and when it last made one ({@code
 * lastUpdatedMillis}). Immutable and safe to share between threads.
 *
 * <p>Causality is decided by the counters alone: {@link #compare} and {@link #equals} ignore the
 * timestamps, which only tell {@link #increment} which entries to drop when the clock outgrows its
 * bound.
 *
 * <p><b>Pitfalls.</b> A clock pruned by {@link #increment} has forgotten part of its history, so a
 * descendant of a pruned clock may compare {@link Occurred#CONCURRENT} with its ancestor: the store
 * then keeps both as siblings. It never mistakes a concurrent version for an older one, so pruning
 * never loses a write. {@link #merge} never prunes.
 */
public final class VectorClock {
  /*
   * Design.
   *
   * Problem. Dynamo-style replicas accept writes without coordinating (sloppy quorums, hinted
   * handoff), so a replica must tell a version that supersedes another from one written
   * concurrently, and keep the concurrent ones as siblings for the client to reconcile. A vector
   * clock (Lamport 1978; Fidge and Mattern 1988) records, per coordinating node, how many writes it
   * made; version a happened before b exactly when every counter of a is at most b's and one is
   * smaller. An absent node counts as 0, so every stored counter is at least 1.
   *
   * Representation. Three parallel arrays sorted by NodeId: nodes, counters, lastUpdatedMillis.
   * compare is then one merge-walk over two sorted arrays with no allocation, and the codec reads
   * entries by index without boxing. The arrays are never mutated after construction; instances
   * share them freely.
   *
   * Bounds. Each coordinator adds an entry, and with sloppy quorums and membership churn the set of
   * coordinators of a hot key keeps growing. increment therefore drops the entries with the oldest
   * lastUpdatedMillis once the clock holds more than entriesMax (ENTRIES_MAX_DEFAULT), as Dynamo
   * does (DeCandia et al., "Dynamo: Amazon's Highly Available Key-value Store", SOSP 2007, section
   * 4.4): "when the number of (node, counter) pairs in the vector clock reaches a threshold (say
   * 10), the oldest pair is removed from the clock". The trade-off: the pruned clock forgets part
   * of its history, so a later version may look concurrent with an earlier one instead of
   * superseding it. The cost is a spurious sibling the client reconciles, never a lost write.
   * The timestamps come from the coordinators' wall clocks, which may be skewed: they only choose
   * which entry to forget, never decide causality. merge keeps every entry, so that it is the true
   * least upper bound of its arguments; a merged clock may exceed entriesMax until its next
   * increment.
   */

  /**
   * Entries a clock keeps after {@link #increment} by default. A key's clock gains an entry per
   * distinct coordinator; with N replicas and occasional hinted handoff that is a handful, so 32 is
   * reached only under heavy membership churn, where a spurious sibling is an acceptable cost.
   */
  public static final int ENTRIES_MAX_DEFAULT = 32;

  private static final VectorClock EMPTY = new VectorClock(new NodeId[0], new long[0], new long[0]);

  private final NodeId[] nodes;
  private final long[] counters;
  private final long[] lastUpdatedMillis;

  private VectorClock(NodeId[] nodes, long[] counters, long[] lastUpdatedMillis) {
    this.nodes = nodes;
    this.counters = counters;
    this.lastUpdatedMillis = lastUpdatedMillis;
  }

  /**
   * One node's entry: it coordinated {@code counter} writes of the key, the last one at {@code
   * lastUpdatedMillis} by its wall clock.
   */
  public record Entry(NodeId node, long counter, long lastUpdatedMillis) {
    /** Rejects a null node and a counter below 1 (a node with no writes has no entry). */
    public Entry {
      if (node == null) {
        throw new IllegalArgumentException("vector clock entry: node must not be null");
      }
      if (counter < 1) {
        throw new IllegalArgumentException(
            "vector clock entry " + node + ": counter " + counter + " must be at least 1");
      }
    }
  }

  /** The clock of a key nobody has written yet; it happened before every other clock. */
  public static VectorClock empty() {
    return EMPTY;
  }

  /**
   * A clock holding {@code entries}, in any order.
   *
   * @throws IllegalArgumentException if the list or an entry is null, or a node appears twice
   */
  public static VectorClock of(List<Entry> entries) {
    if (entries == null) {
      throw new IllegalArgumentException("vector clock entries must not be null");
    }
    Entry[] sorted = entries.toArray(new Entry[0]);
    for (Entry entry : sorted) {
      if (entry == null) {
        throw new IllegalArgumentException("vector clock entries must not hold null: " + entries);
      }
    }
    Arrays.sort(sorted, Comparator.comparing(Entry::node));
    return ofSorted(sorted);
  }

  private static VectorClock ofSorted(Entry[] sorted) {
    Draft draft = new Draft(sorted.length);
    for (int i = 0; i < sorted.length; i++) {
      if (i > 0 && sorted[i - 1].node().equals(sorted[i].node())) {
        throw new IllegalArgumentException(
            "vector clock names node " + sorted[i].node() + " twice: " + Arrays.toString(sorted));
      }
      draft.add(sorted[i].node(), sorted[i].counter(), sorted[i].lastUpdatedMillis());
    }
    return draft.build();
  }

  /** The number of entries (nodes with a counter). */
  public int size() {
    return nodes.length;
  }

  /** The node of the {@code i}-th entry, in ascending node order. */
  public NodeId node(int i) {
    return nodes[i];
  }

  /** The counter of the {@code i}-th entry; at least 1. */
  public long counter(int i) {
    return counters[i];
  }

  /** When the node of the {@code i}-th entry last incremented it, by that node's wall clock. */
  public long lastUpdatedMillis(int i) {
    return lastUpdatedMillis[i];
  }

  /**
   * The entries in ascending node order, as an unmodifiable list (allocates; see {@link #node}).
   */
  public List<Entry> entries() {
    Entry[] entries = new Entry[size()];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = new Entry(nodes[i], counters[i], lastUpdatedMillis[i]);
    }
    return List.of(entries);
  }

  /** The counter of {@code node}, or 0 if the clock has no entry for it. */
  public long counterOf(NodeId node) {
    int i = indexOf(node);
    return i >= 0 ? counters[i] : 0;
  }

  /**
   * How this clock relates to {@code other}: {@link Occurred#BEFORE} if {@code other} supersedes
   * this one, {@link Occurred#AFTER} if this supersedes {@code other}. One walk over both entry
   * arrays; allocates nothing.
   */
  public Occurred compare(VectorClock other) {
    boolean thisAhead = false;
    boolean otherAhead = false;
    int i = 0;
    int j = 0;
    while (i < nodes.length && j < other.nodes.length) {
      int order = order(nodes[i], other.nodes[j]);
      long mine = order <= 0 ? counters[i] : 0;
      long theirs = order >= 0 ? other.counters[j] : 0;
      thisAhead |= mine > theirs;
      otherAhead |= theirs > mine;
      if (thisAhead && otherAhead) {
        return Occurred.CONCURRENT;
      }
      i += order <= 0 ? 1 : 0;
      j += order >= 0 ? 1 : 0;
    }
    return occurred(thisAhead || i < nodes.length, otherAhead || j < other.nodes.length);
  }

  private static Occurred occurred(boolean thisAhead, boolean otherAhead) {
    if (thisAhead) {
      return otherAhead ? Occurred.CONCURRENT : Occurred.AFTER;
    }
    return otherAhead ? Occurred.BEFORE : Occurred.EQUAL;
  }

  /**
   * The least upper bound of this clock and {@code other}: the pointwise maximum of the counters
   * (and of the timestamps). Both clocks are {@link Occurred#BEFORE} or {@link Occurred#EQUAL} to
   * the result. Never prunes, so the result may hold more than {@link #ENTRIES_MAX_DEFAULT}
   * entries.
   */
  public VectorClock merge(VectorClock other) {
    if (other.size() == 0) {
      return this;
    }
    Draft draft = new Draft(unionSize(other));
    int i = 0;
    int j = 0;
    while (i < size() || j < other.size()) {
      int order = orderAt(i, other, j);
      if (order < 0) {
        draft.addFrom(this, i++);
      } else if (order > 0) {
        draft.addFrom(other, j++);
      } else {
        draft.addMax(this, i++, other, j++);
      }
    }
    return draft.build();
  }

  private int unionSize(VectorClock other) {
    int union = 0;
    int i = 0;
    int j = 0;
    while (i < size() || j < other.size()) {
      int order = orderAt(i, other, j);
      i += order <= 0 ? 1 : 0;
      j += order >= 0 ? 1 : 0;
      union++;
    }
    return union;
  }

  /** The order of this clock's entry {@code i} against {@code other}'s entry {@code j}. */
  private int orderAt(int i, VectorClock other, int j) {
    if (i == size()) {
      return 1;
    }
    if (j == other.size()) {
      return -1;
    }
    return order(nodes[i], other.nodes[j]);
  }

  /**
   * This clock after {@code node} coordinated one more write at {@code nowMillis}: its counter
   * grows by one (from 0 if absent) and its timestamp becomes {@code nowMillis}. If the result
   * holds more than {@code entriesMax} entries, the entries with the oldest timestamps (the smaller
   * node id first on a tie) are dropped, never {@code node}'s. Without pruning the result is {@link
   * Occurred#AFTER} this clock; with pruning it may be {@link Occurred#CONCURRENT} (see the class
   * comment).
   *
   * @throws IllegalArgumentException if {@code node} is null or {@code entriesMax} is below 1
   * @throws IllegalStateException if {@code node}'s counter is already {@link Long#MAX_VALUE}
   */
  public VectorClock increment(NodeId node, long nowMillis, int entriesMax) {
    long current = node == null ? 0 : counterOf(node);
    if (current == Long.MAX_VALUE) {
      throw new IllegalStateException(
          "vector clock counter of node " + node + " is at its maximum and cannot grow");
    }
    return advance(node, current + 1, nowMillis, entriesMax);
  }

  /**
   * This clock with {@code node}'s counter raised to {@code counter}, which must exceed the current
   * one, and its entry stamped {@code nowMillis}; pruned as {@link #increment} prunes. A
   * coordinator uses it to give every write it issues a counter no other write of its shares.
   */
  public VectorClock advance(NodeId node, long counter, long nowMillis, int entriesMax) {
    if (node == null) {
      throw new IllegalArgumentException("vector clock: the node to increment must not be null");
    }
    if (entriesMax < 1) {
      throw new IllegalArgumentException(
          "vector clock entriesMax " + entriesMax + " must be at least 1");
    }
    if (counter <= counterOf(node)) {
      throw new IllegalArgumentException(
          "vector clock: counter " + counter + " of " + node + " must exceed " + counterOf(node));
    }
    int i = indexOf(node);
    VectorClock bumped =
        i >= 0 ? raisedAt(i, counter, nowMillis) : inserted(-i - 1, node, counter, nowMillis);
    return bumped.size() > entriesMax ? bumped.pruned(node, entriesMax) : bumped;
  }

  private VectorClock raisedAt(int i, long counter, long nowMillis) {
    long[] raisedCounters = counters.clone();
    long[] raisedMillis = lastUpdatedMillis.clone();
    raisedCounters[i] = counter;
    raisedMillis[i] = nowMillis;
    return new VectorClock(nodes, raisedCounters, raisedMillis);
  }

  private VectorClock inserted(int at, NodeId node, long counter, long nowMillis) {
    Draft draft = new Draft(size() + 1);
    for (int i = 0; i < at; i++) {
      draft.addFrom(this, i);
    }
    draft.add(node, counter, nowMillis);
    for (int i = at; i < size(); i++) {
      draft.addFrom(this, i);
    }
    return draft.build();
  }

  private VectorClock pruned(NodeId kept, int entriesMax) {
    boolean[] dropped = new boolean[size()];
    int[] oldestFirst = pruneOrder(kept);
    for (int k = 0; k < size() - entriesMax; k++) {
      dropped[oldestFirst[k]] = true;
    }
    Draft draft = new Draft(entriesMax);
    for (int i = 0; i < size(); i++) {
      if (!dropped[i]) {
        draft.addFrom(this, i);
      }
    }
    return draft.build();
  }

  /** Indexes of every entry but {@code kept}'s, oldest timestamp first, smaller node on a tie. */
  private int[] pruneOrder(NodeId kept) {
    return IntStream.range(0, size())
        .filter(i -> !nodes[i].equals(kept))
        .boxed()
        .sorted(
            Comparator.<Integer>comparingLong(i -> lastUpdatedMillis[i])
                .thenComparing(i -> nodes[i]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private int indexOf(NodeId node) {
    return Arrays.binarySearch(nodes, node);
  }

  /** Node order with a shortcut for the same instance, common when clocks share their nodes. */
  private static int order(NodeId a, NodeId b) {
    return a == b ? 0 : a.compareTo(b);
  }

  /**
   * A total order over the (node, counter) entries, consistent with {@link #equals}. It says
   * nothing about causality; {@link Siblings} uses it only to make its choices deterministic.
   */
  int compareEntries(VectorClock other) {
    int common = Math.min(size(), other.size());
    for (int i = 0; i < common; i++) {
      int order = order(nodes[i], other.nodes[i]);
      if (order != 0) {
        return order;
      }
      order = Long.compare(counters[i], other.counters[i]);
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(size(), other.size());
  }

  /** Orders clocks with equal entries by their timestamps, for deterministic tie-breaks only. */
  int compareLastUpdated(VectorClock other) {
    return Arrays.compare(lastUpdatedMillis, other.lastUpdatedMillis);
  }

  /** Equal when both clocks hold the same (node, counter) pairs; timestamps are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof VectorClock other
        && Arrays.equals(nodes, other.nodes)
        && Arrays.equals(counters, other.counters);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(nodes) + Arrays.hashCode(counters);
  }

  /** The entries as {@code {n1:3, n2:1}}, without timestamps. */
  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(", ", "{", "}");
    for (int i = 0; i < size(); i++) {
      joiner.add(nodes[i] + ":" + counters[i]);
    }
    return joiner.toString();
  }

  /** Fills the three arrays of a new clock in node order, then hands them over once, full. */
  private static final class Draft {
    private final NodeId[] nodes;
    private final long[] counters;
    private final long[] lastUpdatedMillis;
    private int size;

    Draft(int capacity) {
      nodes = new NodeId[capacity];
      counters = new long[capacity];
      lastUpdatedMillis = new long[capacity];
    }

    void add(NodeId node, long counter, long millis) {
      nodes[size] = node;
      counters[size] = counter;
      lastUpdatedMillis[size] = millis;
      size++;
    }

    void addFrom(VectorClock clock, int i) {
      add(clock.nodes[i], clock.counters[i], clock.lastUpdatedMillis[i]);
    }

    void addMax(VectorClock a, int i, VectorClock b, int j) {
      long counter = Math.max(a.counters[i], b.counters[j]);
      add(a.nodes[i], counter, Math.max(a.lastUpdatedMillis[i], b.lastUpdatedMillis[j]));
    }

    VectorClock build() {
      if (size != nodes.length) {
        throw new IllegalStateException(
            "vector clock draft holds " + size + " entries, expected " + nodes.length);
      }
      return new VectorClock(nodes, counters, lastUpdatedMillis);
    }
  }
}
