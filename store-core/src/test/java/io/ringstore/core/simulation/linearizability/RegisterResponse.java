package io.ringstore.core.simulation.linearizability;

/**
 * What a register answers: the value for a read ({@code null} for an empty register), an
 * acknowledgement for a write, whether the swap happened for a compare-and-set.
 */
public sealed interface RegisterResponse {
  /** A read's answer. */
  record Value(String valueOrNull) implements RegisterResponse {
    @Override
    public String toString() {
      return valueOrNull == null ? "empty" : valueOrNull;
    }
  }

  /** A write's answer. */
  record Written() implements RegisterResponse {
    @Override
    public String toString() {
      return "ok";
    }
  }

  /** A compare-and-set's answer. */
  record Swapped(boolean swapped) implements RegisterResponse {
    @Override
    public String toString() {
      return swapped ? "swapped" : "not swapped";
    }
  }

  static RegisterResponse value(String valueOrNull) {
    return new Value(valueOrNull);
  }

  static RegisterResponse written() {
    return new Written();
  }

  static RegisterResponse swapped(boolean swapped) {
    return new Swapped(swapped);
  }
}
