package io.ringstore.core.simulation.linearizability;

import io.ringstore.core.simulation.Operation.Outcome;
import java.util.List;
import java.util.Objects;

/**
 * The definition of linearizability, enumerated: tries every order of the operations that respects
 * real time (an acknowledged operation that completed before another was invoked comes first),
 * leaving out any subset of the operations of unknown outcome. An oracle for tiny histories only:
 * it is exponential, and shares no code with the search it checks.
 */
final class BruteForceLinearizability<S, I, O> {
  /** Most operations it will enumerate. */
  static final int OPS_MAX = 10;

  private final Model<S, I, O> model;
  private final List<RecordedOp<I, O>> ops;

  BruteForceLinearizability(Model<S, I, O> model, List<RecordedOp<I, O>> ops) {
    if (ops.size() > OPS_MAX) {
      throw new IllegalArgumentException("too many ops to enumerate: " + ops.size());
    }
    this.model = model;
    this.ops = ops.stream().filter(op -> op.outcome() != Outcome.FAIL).toList();
  }

  boolean isLinearizable() {
    return extend(0, model.initialState());
  }

  private boolean extend(int placedMask, S state) {
    if (everyAcknowledgedIsPlaced(placedMask)) {
      return true;
    }
    for (int i = 0; i < ops.size(); i++) {
      if ((placedMask & (1 << i)) == 0 && mayGoNext(i, placedMask)) {
        RecordedOp<I, O> op = ops.get(i);
        Model.Step<S, O> step = model.step(state, op.input());
        boolean answers =
            op.outcome() != Outcome.OK || Objects.equals(step.output(), op.outputOrNull());
        if (step.legal() && answers && extend(placedMask | (1 << i), step.state())) {
          return true;
        }
      }
    }
    return false;
  }

  /** No unplaced acknowledged operation completed before {@code candidate} was invoked. */
  private boolean mayGoNext(int candidate, int placedMask) {
    for (int j = 0; j < ops.size(); j++) {
      RecordedOp<I, O> other = ops.get(j);
      boolean unplaced = (placedMask & (1 << j)) == 0;
      if (unplaced
          && other.outcome() == Outcome.OK
          && other.completeNanos() < ops.get(candidate).invokeNanos()) {
        return false;
      }
    }
    return true;
  }

  private boolean everyAcknowledgedIsPlaced(int placedMask) {
    for (int i = 0; i < ops.size(); i++) {
      if ((placedMask & (1 << i)) == 0 && ops.get(i).outcome() == Outcome.OK) {
        return false;
      }
    }
    return true;
  }
}
