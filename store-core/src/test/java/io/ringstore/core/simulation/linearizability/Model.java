package io.ringstore.core.simulation.linearizability;

/**
 * A sequential specification: what one object does when operations reach it one at a time. The
 * {@link LinearizabilityChecker} asks whether a concurrent history could have come from it.
 *
 * <p>States must be immutable values with {@code equals} and {@code hashCode}: the search caches
 * (linearized set, state) pairs and compares them. A model must be deterministic: one state and one
 * input give one step.
 *
 * @param <S> the object's state
 * @param <I> what a client asks (read, write, compare-and-set, ...)
 * @param <O> what the object answers
 */
public interface Model<S, I, O> {
  /** The state before any operation. */
  S initialState();

  /** Applies {@code input} to {@code state}: the next state and the answer, or an illegal step. */
  Step<S, O> step(S state, I input);

  /**
   * Whether {@code input} never changes the state. The checker drops such operations when their
   * outcome is unknown: they constrain nothing, and keeping them would double the search per op.
   */
  default boolean isReadOnly(I input) {
    return false;
  }

  /** The state, for reports. */
  default String describe(S state) {
    return String.valueOf(state);
  }

  /**
   * One step of a {@link Model}.
   *
   * @param legal false if the input cannot be applied in that state at all
   * @param state the next state (meaningless when illegal)
   * @param output what the object answers (meaningless when illegal)
   */
  record Step<S, O>(boolean legal, S state, O output) {
    public static <S, O> Step<S, O> to(S state, O output) {
      return new Step<>(true, state, output);
    }

    public static <S, O> Step<S, O> illegal() {
      return new Step<>(false, null, null);
    }
  }
}
