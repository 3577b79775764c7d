package io.ringstore.core.simulation.linearizability;

import io.ringstore.core.simulation.Operation.Outcome;
import java.util.Locale;

/**
 * One client operation as a history records it, for the {@link LinearizabilityChecker}.
 *
 * <p>The outcome decides how the checker treats it: {@code OK} took effect exactly once, somewhere
 * between its invocation and its completion, and answered {@code outputOrNull}; {@code FAIL}
 * definitely did not take effect and is dropped; {@code UNKNOWN} may take effect at any point after
 * its invocation (its completion counts as never) or not at all, and its output is not known.
 *
 * @param id unique within the history, for reports
 * @param client who issued it, for reports
 * @param key the object it acts on: each key is checked on its own
 * @param input what the client asked
 * @param outputOrNull what the client heard, when {@code OK} (null may be a real answer)
 * @param outcome ok, failed, or unknown
 * @param invokeNanos when the client sent it
 * @param completeNanos when the client heard the outcome, or gave up
 */
public record RecordedOp<I, O>(
    long id,
    int client,
    String key,
    I input,
    O outputOrNull,
    Outcome outcome,
    long invokeNanos,
    long completeNanos) {
  public RecordedOp {
    if (completeNanos < invokeNanos) {
      throw new IllegalArgumentException(
          "op " + id + " completes at " + completeNanos + " before its invocation " + invokeNanos);
    }
  }

  /** One line for reports: id, client, input, answer, outcome, and the interval in microseconds. */
  public String describe() {
    String answer = outcome == Outcome.OK ? " -> " + outputOrNull : "";
    return String.format(
        Locale.ROOT,
        "op %d client %d %s%s %s [%d us .. %s]",
        id,
        client,
        input,
        answer,
        outcome,
        invokeNanos / 1_000,
        outcome == Outcome.UNKNOWN ? "never" : completeNanos / 1_000 + " us");
  }
}
