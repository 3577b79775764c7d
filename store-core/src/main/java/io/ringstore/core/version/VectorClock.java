package io.ringstore.core.version;

import io.ringstore.core.cluster.NodeId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/**
 * The causal history of one version of a key: for each node that coordinated writes of it, which of
 * those writes (events, numbered by the node's counters) it descends from, and when the node last
 * made one ({@code lastUpdatedMillis}). A plain entry {@code n:c} is the events 1..c, as in a
 * classic vector clock; a dotted entry {@code n:[s..e, ...]} lists runs of events with gaps between
 * them: dotted version vectors (Preguiça et al., 2010), generalized to runs. {@code counter} is an
 * entry's highest event. Immutable and safe to share between threads.
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
   *
   * Exact events. A coordinator gives each version it writes a counter it never gave another
   * version of the same key (KeyCounters), and the new clock is the writer's context plus exactly
   * that one event (successor). A plain entry that jumped from the context's c to the new counter n
   * would also claim the node's events between them, so of two writes from one context through
   * one coordinator the later would supersede the earlier, which its writer never saw. The
   * dotted entry claims only what the writer saw and what it wrote: two writes from one context
   * are concurrent, and stay siblings, whichever coordinators take them.
   *
   * Contexts stay exact too: merge is the union of the events. Folding a dotted entry into its
   * highest counter (the join of the DVV paper, where a context is a plain vector) would claim the
   * gaps, and a gap can hold a write the reader never saw: a sloppy write whose hints were not yet
   * replayed, or one a read at R + W <= N missed; the simulator found exactly that. Runs keep an
   * entry small where it matters: a coordinator's counters for a key are contiguous while it
   * keeps the key's last counter (so a read-modify-write loop through one node extends one run),
   * and a reader who sees two concurrent versions fills the gap between them.
   *
   * Bounds on runs. A run starts where a coordinator's counters for the key jumped (a restart, or
   * another key sharing its counter slot wrote in between), so runs pile up over a key's life. An
   * entry keeps at most RUNS_MAX runs; beyond that union fills its lowest gap, claiming the events
   * in it. Forgetting a run instead would be worse: a successor must hold every event of a version
   * to supersede it, so a dropped run would make every later write a sibling of its own
   * predecessor. The claimed gap is the oldest: its events are other keys' (a shared slot) or
   * writes of this key that no reader saw through RUNS_MAX later runs, which quorum reads make
   * unlikely; that residue is the price of a bounded clock, as pruning entries is.
   */

  /** Runs an entry keeps; beyond them the lowest gap is filled (see the class design). */
  public static final int RUNS_MAX = 8;

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

  /** Per entry, its runs ({@link Runs}), null for a plain entry; null when every entry is plain. */
  private final long[][] runs;

  private VectorClock(NodeId[] nodes, long[] counters, long[] lastUpdatedMillis) {
    this(nodes, counters, lastUpdatedMillis, null);
  }

  private VectorClock(NodeId[] nodes, long[] counters, long[] lastUpdatedMillis, long[][] runs) {
    this.nodes = nodes;
    this.counters = counters;
    this.lastUpdatedMillis = lastUpdatedMillis;
    this.runs = runs;
  }

  /**
   * One node's entry: its events up to {@code counter}, all of them (a plain entry, {@code runs}
   * null) or the runs {@code [s1, e1, s2, e2, ...]} ending at {@code counter}; the last made at
   * {@code lastUpdatedMillis} by the node's wall clock. Runs that come to 1..counter make a plain
   * entry. The run array is not copied: do not change it after handing it over.
   */
  public record Entry(NodeId node, long counter, long lastUpdatedMillis, long[] runs) {
    /**
     * Rejects a null node, a counter below 1 (a node with no writes has no entry), and runs that
     * are not sorted, separated by gaps, at most {@link #RUNS_MAX}, and ending at the counter.
     */
    public Entry {
      if (node == null) {
        throw new IllegalArgumentException("vector clock entry: node must not be null");
      }
      if (counter < 1) {
        throw new IllegalArgumentException(
            "vector clock entry " + node + ": counter " + counter + " must be at least 1");
      }
      if (runs != null) {
        try {
          runs = Runs.checked(runs, counter, RUNS_MAX);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("vector clock entry " + node + ": " + e.getMessage());
        }
      }
    }

    /** A plain entry: the node's events 1..{@code counter}. */
    public Entry(NodeId node, long counter, long lastUpdatedMillis) {
      this(node, counter, lastUpdatedMillis, null);
    }

    /** Whether the entry has gaps (is not the events 1..counter). */
    public boolean isDotted() {
      return runs != null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry other
          && node.equals(other.node)
          && counter == other.counter
          && lastUpdatedMillis == other.lastUpdatedMillis
          && Arrays.equals(runs, other.runs);
    }

    @Override
    public int hashCode() {
      return Objects.hash(node, counter, lastUpdatedMillis) * 31 + Arrays.hashCode(runs);
    }

    @Override
    public String toString() {
      return "Entry[" + node + ":" + Runs.show(runs, counter) + "@" + lastUpdatedMillis + "]";
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
      draft.add(sorted[i]);
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

  /** The runs of the {@code i}-th entry, null if it is plain; do not change the array. */
  public long[] runs(int i) {
    return runs == null ? null : runs[i];
  }

  /** Whether the {@code i}-th entry has gaps. */
  public boolean isDotted(int i) {
    return runs(i) != null;
  }

  /** Whether any entry has gaps. */
  public boolean isDotted() {
    return runs != null;
  }

  /** The entry at {@code i} (allocates). */
  public Entry entry(int i) {
    return new Entry(nodes[i], counters[i], lastUpdatedMillis[i], runs(i));
  }

  /**
   * The entries in ascending node order, as an unmodifiable list (allocates; see {@link #node}).
   */
  public List<Entry> entries() {
    Entry[] entries = new Entry[size()];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = entry(i);
    }
    return List.of(entries);
  }

  /** Whether this clock's events include {@code node}'s event {@code counter}. */
  public boolean holds(NodeId node, long counter) {
    int i = indexOf(node);
    return i >= 0 && Runs.holds(runs(i), counters[i], counter);
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
    if (isDotted() || other.isDotted()) {
      return compareEvents(other);
    }
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

  /** compare when an entry has gaps: inclusion of the event sets, node by node. */
  private Occurred compareEvents(VectorClock other) {
    boolean thisAhead = false;
    boolean otherAhead = false;
    int i = 0;
    int j = 0;
    while (i < size() || j < other.size()) {
      int order = orderAt(i, other, j);
      long mine = order <= 0 ? counters[i] : 0;
      long theirs = order >= 0 ? other.counters[j] : 0;
      long[] myRuns = order <= 0 ? runs(i) : null;
      long[] theirRuns = order >= 0 ? other.runs(j) : null;
      thisAhead |= !Runs.within(myRuns, mine, theirRuns, theirs);
      otherAhead |= !Runs.within(theirRuns, theirs, myRuns, mine);
      if (thisAhead && otherAhead) {
        return Occurred.CONCURRENT;
      }
      i += order <= 0 ? 1 : 0;
      j += order >= 0 ? 1 : 0;
    }
    return occurred(thisAhead, otherAhead);
  }

  private static Occurred occurred(boolean thisAhead, boolean otherAhead) {
    if (thisAhead) {
      return otherAhead ? Occurred.CONCURRENT : Occurred.AFTER;
    }
    return otherAhead ? Occurred.BEFORE : Occurred.EQUAL;
  }

  /**
   * The least upper bound of this clock and {@code other}: the union of their events (and the later
   * timestamp per entry), with an entry's lowest gaps filled beyond {@link #RUNS_MAX} runs. Both
   * clocks are {@link Occurred#BEFORE} or {@link Occurred#EQUAL} to the result. Never prunes
   * entries, so the result may hold more than {@link #ENTRIES_MAX_DEFAULT}.
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
   * This clock with {@code node}'s entry raised to the plain 1..{@code counter}, which must exceed
   * the current counter, and stamped {@code nowMillis}; pruned as {@link #increment} prunes. It
   * claims the node's events below the counter: a new version takes {@link #successor} instead.
   */
  public VectorClock advance(NodeId node, long counter, long nowMillis, int entriesMax) {
    requireNewEvent(node, counter, entriesMax);
    int i = indexOf(node);
    VectorClock bumped =
        i >= 0 ? raisedAt(i, counter, nowMillis) : inserted(-i - 1, node, counter, nowMillis);
    return bumped.size() > entriesMax ? bumped.pruned(node, entriesMax) : bumped;
  }

  /**
   * The clock of a version {@code node} writes as its event {@code counter}, with this clock as the
   * writer's context: this clock's events and that one, exactly (see the class design). {@code
   * counter} must exceed this clock's counter of {@code node}, so the new event is the entry's
   * highest. Two versions written from one context are {@link Occurred#CONCURRENT} whatever their
   * counters (unless a run bound filled a gap holding the other's event); this clock is {@link
   * Occurred#BEFORE} the result unless an entry is pruned. Pruned as {@link #increment} prunes;
   * {@code node}'s entry never is.
   */
  public VectorClock successor(NodeId node, long counter, long nowMillis, int entriesMax) {
    requireNewEvent(node, counter, entriesMax);
    int i = indexOf(node);
    long[] events =
        i >= 0
            ? Runs.union(runs(i), counters[i], new long[] {counter, counter}, counter, RUNS_MAX)
            : Runs.normalized(new long[] {counter, counter});
    Entry entry = new Entry(node, counter, nowMillis, events);
    VectorClock next = i >= 0 ? replacedAt(i, entry) : inserted(-i - 1, entry);
    return next.size() > entriesMax ? next.pruned(node, entriesMax) : next;
  }

  /** Checks the arguments of {@link #advance} and {@link #successor}. */
  private void requireNewEvent(NodeId node, long counter, int entriesMax) {
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
  }

  private VectorClock raisedAt(int i, long counter, long nowMillis) {
    return replacedAt(i, new Entry(nodes[i], counter, nowMillis));
  }

  private VectorClock replacedAt(int i, Entry entry) {
    Draft draft = new Draft(size());
    for (int k = 0; k < size(); k++) {
      if (k == i) {
        draft.add(entry);
      } else {
        draft.addFrom(this, k);
      }
    }
    return draft.build();
  }

  private VectorClock inserted(int at, NodeId node, long counter, long nowMillis) {
    return inserted(at, new Entry(node, counter, nowMillis));
  }

  private VectorClock inserted(int at, Entry entry) {
    Draft draft = new Draft(size() + 1);
    for (int i = 0; i < at; i++) {
      draft.addFrom(this, i);
    }
    draft.add(entry);
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
    int order = Integer.compare(size(), other.size());
    for (int i = 0; order == 0 && i < size(); i++) {
      order = Arrays.compare(runs(i), other.runs(i));
    }
    return order;
  }

  /** Orders clocks with equal entries by their timestamps, for deterministic tie-breaks only. */
  int compareLastUpdated(VectorClock other) {
    return Arrays.compare(lastUpdatedMillis, other.lastUpdatedMillis);
  }

  /** Equal when both clocks hold the same events; timestamps are ignored. */
  @Override
  public boolean equals(Object o) {
    return o instanceof VectorClock other
        && Arrays.equals(nodes, other.nodes)
        && Arrays.equals(counters, other.counters)
        && Arrays.deepEquals(runs, other.runs);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(nodes) + Arrays.hashCode(counters))
        + Arrays.deepHashCode(runs);
  }

  /**
   * The entries as {@code {n1:3, n2:1}}, without timestamps; an entry with gaps as {@code
   * n1:[1..3,7..9]}.
   */
  @Override
  public String toString() {
    StringJoiner joiner = new StringJoiner(", ", "{", "}");
    for (int i = 0; i < size(); i++) {
      joiner.add(
          nodes[i]
              + ":"
              + (isDotted(i) ? "[" + Runs.show(runs(i), counters[i]) + "]" : counters[i]));
    }
    return joiner.toString();
  }

  /**
   * Fills the arrays of a new clock in node order, then hands them over once, full; the runs array
   * only once an entry has gaps.
   */
  private static final class Draft {
    private final NodeId[] nodes;
    private final long[] counters;
    private final long[] lastUpdatedMillis;
    private long[][] runs;
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

    void add(Entry entry) {
      addRuns(entry.runs());
      add(entry.node(), entry.counter(), entry.lastUpdatedMillis());
    }

    private void addRuns(long[] entryRuns) {
      if (entryRuns != null && runs == null) {
        runs = new long[nodes.length][];
      }
      if (runs != null) {
        runs[size] = entryRuns;
      }
    }

    void addFrom(VectorClock clock, int i) {
      addRuns(clock.runs(i));
      add(clock.nodes[i], clock.counters[i], clock.lastUpdatedMillis[i]);
    }

    /** The union of entry {@code i} of {@code a} and entry {@code j} of {@code b} (one node). */
    void addMax(VectorClock a, int i, VectorClock b, int j) {
      long counter = Math.max(a.counters[i], b.counters[j]);
      if (a.isDotted(i) || b.isDotted(j)) {
        addRuns(Runs.union(a.runs(i), a.counters[i], b.runs(j), b.counters[j], RUNS_MAX));
      } else {
        addRuns(null);
      }
      add(a.nodes[i], counter, Math.max(a.lastUpdatedMillis[i], b.lastUpdatedMillis[j]));
    }

    VectorClock build() {
      if (size != nodes.length) {
        throw new IllegalStateException(
            "vector clock draft holds " + size + " entries, expected " + nodes.length);
      }
      return new VectorClock(nodes, counters, lastUpdatedMillis, hasRuns() ? runs : null);
    }

    private boolean hasRuns() {
      if (runs != null) {
        for (long[] entryRuns : runs) {
          if (entryRuns != null) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
