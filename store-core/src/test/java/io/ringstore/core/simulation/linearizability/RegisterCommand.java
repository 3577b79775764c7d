package io.ringstore.core.simulation.linearizability;

/**
 * What a client asks of a register: read it, write it, or compare-and-set it. A null value is the
 * register's initial, empty state.
 */
public sealed interface RegisterCommand {
  /** Reads the value. */
  record Read() implements RegisterCommand {
    @Override
    public String toString() {
      return "read";
    }
  }

  /** Sets the value. */
  record Write(String value) implements RegisterCommand {
    @Override
    public String toString() {
      return "write " + value;
    }
  }

  /** Sets the value to {@code update} only if it is {@code expected} now. */
  record Cas(String expected, String update) implements RegisterCommand {
    @Override
    public String toString() {
      return "cas " + expected + "->" + update;
    }
  }

  static RegisterCommand read() {
    return new Read();
  }

  static RegisterCommand write(String value) {
    return new Write(value);
  }

  static RegisterCommand cas(String expected, String update) {
    return new Cas(expected, update);
  }
}
