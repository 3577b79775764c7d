package io.ringstore.core.simulation.linearizability;

import io.ringstore.core.simulation.Operation.Outcome;
import io.ringstore.core.simulation.linearizability.KeyVerdict.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The linearizability search for one key: Wing and Gong's backtracking search (1993) with Lowe's
 * memoization (2017), as Porcupine and Knossos's "wgl" checker implement it.
 *
 * <p>Each operation becomes a call entry at its invocation and a return entry at its completion, in
 * one time-ordered doubly linked list (calls before returns at equal times, so operations that
 * touch are concurrent). The search walks the list from its head. At a call it tries to linearize
 * that operation next: if the model accepts it in the current state with the answer the client
 * heard, both entries are lifted out of the list, the step is pushed on a stack, and the walk
 * restarts from the head. Reaching a return means that operation should already have been
 * linearized: the search pops the last step, puts its entries back, and tries the next call after
 * it. The history is linearizable when every acknowledged operation is placed, not when the stack
 * empties at a return.
 *
 * <p>Lowe's memoization: two paths that linearized the same set of operations and reached the same
 * model state have the same future, so the search skips any (linearized set, state) pair it has
 * seen. That set of pairs is the search's memory and its budget: past {@code statesMax} pairs the
 * verdict is inconclusive.
 *
 * <p>An operation of unknown outcome returns at infinity: it may take effect at any point after its
 * invocation, and since success needs only the acknowledged operations placed, it may also never
 * take effect. A failed one never reaches the search.
 *
 * <p>On failure the report shows the deepest point the search reached: the prefix it linearized,
 * the operation whose completion stopped it, and the operations it could have placed next.
 */
final class WglSearch<S, I, O> {
  /** Operations of the linearized prefix a report shows, from its end. */
  static final int REPORT_PREFIX_OPS_MAX = 10;

  /** Candidate operations a report shows. */
  static final int REPORT_CANDIDATES_MAX = 10;

  private final Model<S, I, O> model;
  private final List<RecordedOp<I, O>> ops;
  private final long statesMax;
  private final Entry head = new Entry(-1, true, Long.MIN_VALUE);
  private final Set<Memo> seen = new HashSet<>();
  private final Deque<Placed<S>> placed = new ArrayDeque<>();
  private final BitSet linearized = new BitSet();
  private S state;
  private int acknowledgedLeft;
  private Deepest<S> deepest;

  WglSearch(Model<S, I, O> model, List<RecordedOp<I, O>> ops, long statesMax) {
    this.model = model;
    this.ops = List.copyOf(ops);
    this.statesMax = statesMax;
    this.state = model.initialState();
    this.acknowledgedLeft = (int) ops.stream().filter(WglSearch::mustTakeEffect).count();
    link(entries());
  }

  KeyVerdict run(String key) {
    Verdict verdict = search();
    String explanation =
        switch (verdict) {
          case NOT_LINEARIZABLE -> explain(key);
          case INCONCLUSIVE -> "  inconclusive: search budget of " + statesMax + " states exceeded";
          case LINEARIZABLE -> "";
        };
    return new KeyVerdict(key, verdict, ops.size(), seen.size(), explanation);
  }

  private Verdict search() {
    Entry entry = head.next;
    while (acknowledgedLeft > 0) {
      if (seen.size() > statesMax) {
        return Verdict.INCONCLUSIVE;
      }
      if (entry.isCall) {
        entry = tryToPlace(entry) ? head.next : entry.next;
      } else if (placed.isEmpty()) {
        noteDeepest(entry);
        return Verdict.NOT_LINEARIZABLE;
      } else {
        noteDeepest(entry);
        entry = unplaceLast().next;
      }
    }
    return Verdict.LINEARIZABLE;
  }

  /** Linearizes {@code call}'s operation next, if the model agrees and the result is new. */
  private boolean tryToPlace(Entry call) {
    RecordedOp<I, O> op = ops.get(call.op);
    Model.Step<S, O> step = model.step(state, op.input());
    if (!step.legal()
        || (mustTakeEffect(op) && !Objects.equals(step.output(), op.outputOrNull()))) {
      return false;
    }
    BitSet next = (BitSet) linearized.clone();
    next.set(call.op);
    if (!seen.add(new Memo(next, step.state()))) {
      return false;
    }
    placed.push(new Placed<>(call, state));
    linearized.set(call.op);
    state = step.state();
    call.lift();
    if (mustTakeEffect(op)) {
      acknowledgedLeft--;
    }
    return true;
  }

  private Entry unplaceLast() {
    Placed<S> last = placed.pop();
    last.call.unlift();
    linearized.clear(last.call.op);
    state = last.stateBefore;
    if (mustTakeEffect(ops.get(last.call.op))) {
      acknowledgedLeft++;
    }
    return last.call;
  }

  /** Remembers the deepest point where a completion stopped the search, for the report. */
  private void noteDeepest(Entry blockingReturn) {
    if (deepest != null && deepest.prefix.size() >= placed.size()) {
      return;
    }
    List<Integer> prefix = new ArrayList<>();
    placed.descendingIterator().forEachRemaining(step -> prefix.add(step.call.op));
    List<Integer> candidates = new ArrayList<>();
    for (Entry entry = head.next; entry != blockingReturn; entry = entry.next) {
      if (entry.isCall) {
        candidates.add(entry.op);
      }
    }
    deepest = new Deepest<>(prefix, state, blockingReturn.op, candidates);
  }

  private String explain(String key) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "  key %s: the longest linearizable prefix places %d of %d ops and ends in state %s",
            key,
            deepest.prefix.size(),
            ops.size(),
            model.describe(deepest.state)));
    int from = Math.max(0, deepest.prefix.size() - REPORT_PREFIX_OPS_MAX);
    text.append(from > 0 ? "; its last " + (deepest.prefix.size() - from) + ":" : ":");
    for (int op : deepest.prefix.subList(from, deepest.prefix.size())) {
      text.append("\n    ").append(ops.get(op).describe());
    }
    text.append("\n  then ")
        .append(ops.get(deepest.blockedOp).describe())
        .append(" completes, but no op it needs can go next; tried:");
    for (int op :
        deepest.candidates.subList(0, Math.min(deepest.candidates.size(), REPORT_CANDIDATES_MAX))) {
      text.append("\n    ").append(ops.get(op).describe()).append(": ").append(why(op));
    }
    return text.toString();
  }

  private String why(int op) {
    RecordedOp<I, O> recorded = ops.get(op);
    Model.Step<S, O> step = model.step(deepest.state, recorded.input());
    if (!step.legal()) {
      return "illegal in that state";
    }
    if (mustTakeEffect(recorded) && !Objects.equals(step.output(), recorded.outputOrNull())) {
      return "the model answers " + step.output();
    }
    return "fits, but nothing linearizable follows";
  }

  private static boolean mustTakeEffect(RecordedOp<?, ?> op) {
    return op.outcome() == Outcome.OK;
  }

  private List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      RecordedOp<I, O> op = ops.get(i);
      Entry call = new Entry(i, true, op.invokeNanos());
      long returnNanos = mustTakeEffect(op) ? op.completeNanos() : Long.MAX_VALUE;
      call.match = new Entry(i, false, returnNanos);
      entries.add(call);
      entries.add(call.match);
    }
    entries.sort(
        Comparator.comparingLong((Entry entry) -> entry.nanos)
            .thenComparing(entry -> !entry.isCall)
            .thenComparingInt(entry -> entry.op));
    return entries;
  }

  private void link(List<Entry> entries) {
    Entry last = head;
    for (Entry entry : entries) {
      last.next = entry;
      entry.prev = last;
      last = entry;
    }
  }

  /** A call or return in the dancing-links list; a call's {@code match} is its return. */
  private static final class Entry {
    private final int op;
    private final boolean isCall;
    private final long nanos;
    private Entry match;
    private Entry prev;
    private Entry next;

    Entry(int op, boolean isCall, long nanos) {
      this.op = op;
      this.isCall = isCall;
      this.nanos = nanos;
    }

    /** Takes this call and its return out of the list; they keep their links for unlift. */
    void lift() {
      unlink(this);
      unlink(match);
    }

    /** Puts this call and its return back, in the reverse order of lift. */
    void unlift() {
      relink(match);
      relink(this);
    }

    private static void unlink(Entry entry) {
      entry.prev.next = entry.next;
      if (entry.next != null) {
        entry.next.prev = entry.prev;
      }
    }

    private static void relink(Entry entry) {
      entry.prev.next = entry;
      if (entry.next != null) {
        entry.next.prev = entry;
      }
    }
  }

  /** A (linearized set, state) pair the search has seen. */
  private record Memo(BitSet linearized, Object state) {}

  /** One linearized operation on the stack, with the state before it, to undo it. */
  private record Placed<S>(Entry call, S stateBefore) {}

  /** The deepest point of the search, for the report. */
  private record Deepest<S>(
      List<Integer> prefix, S state, int blockedOp, List<Integer> candidates) {}
}
