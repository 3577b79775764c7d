package io.ringstore.core.simulation.linearizability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a concurrent history of single-key operations is linearizable (Herlihy and Wing,
 * 1990) against a sequential {@link Model}: whether each operation can be given one instant between
 * its invocation and its completion such that, taken in that order, the model gives every answer
 * the clients heard.
 *
 * <p>Linearizability is local (P-compositional): a history is linearizable if and only if each
 * key's sub-history is, so each key is searched on its own, which keeps each search small. Failed
 * operations are dropped (they did not take effect); an unknown read-only operation is dropped too
 * (it constrains nothing). Each key's search is a {@link WglSearch}, bounded by {@code
 * statesPerKeyMax}: past it the key's verdict is inconclusive rather than a run that never ends.
 */
public final class LinearizabilityChecker<S, I, O> {
  /** Search budget per key: enough for hundreds of overlapping operations, and a few MB. */
  public static final long STATES_PER_KEY_MAX_DEFAULT = 300_000;

  private final Model<S, I, O> model;
  private final long statesPerKeyMax;

  public LinearizabilityChecker(Model<S, I, O> model) {
    this(model, STATES_PER_KEY_MAX_DEFAULT);
  }

  public LinearizabilityChecker(Model<S, I, O> model, long statesPerKeyMax) {
    if (statesPerKeyMax < 1) {
      throw new IllegalArgumentException("statesPerKeyMax must be positive: " + statesPerKeyMax);
    }
    this.model = model;
    this.statesPerKeyMax = statesPerKeyMax;
  }

  /** Checks every key of {@code history}, in the order keys first appear. */
  public LinearizabilityReport check(List<RecordedOp<I, O>> history) {
    List<KeyVerdict> verdicts = new ArrayList<>();
    for (Map.Entry<String, List<RecordedOp<I, O>>> key : byKey(history).entrySet()) {
      verdicts.add(new WglSearch<>(model, key.getValue(), statesPerKeyMax).run(key.getKey()));
    }
    return new LinearizabilityReport(verdicts);
  }

  private Map<String, List<RecordedOp<I, O>>> byKey(List<RecordedOp<I, O>> history) {
    Map<String, List<RecordedOp<I, O>>> byKey = new LinkedHashMap<>();
    for (RecordedOp<I, O> op : history) {
      List<RecordedOp<I, O>> ops = byKey.computeIfAbsent(op.key(), key -> new ArrayList<>());
      if (mayMatter(op)) {
        ops.add(op);
      }
    }
    return byKey;
  }

  private boolean mayMatter(RecordedOp<I, O> op) {
    return switch (op.outcome()) {
      case OK -> true;
      case FAIL -> false;
      case UNKNOWN -> !model.isReadOnly(op.input());
    };
  }
}
