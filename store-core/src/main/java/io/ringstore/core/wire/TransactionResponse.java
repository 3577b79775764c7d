package io.ringstore.core.wire;

import java.util.Objects;

/**
 * The outcome of a {@link TransactionRequest}.
 *
 * @param outcome whether it committed
 * @param detail for a conflict, which key and why (another transaction held it, or it changed since
 *     the read); empty for a commit
 */
public record TransactionResponse(Outcome outcome, String detail) implements Response {
  /** What became of the transaction. */
  public enum Outcome {
    /** Every write applied, atomically. */
    COMMITTED,
    /** Nothing applied: a key changed since it was read, or another transaction held it; retry. */
    CONFLICT
  }

  public TransactionResponse {
    Objects.requireNonNull(outcome, "outcome");
    detail = MessageChecks.truncatedMessage(detail);
  }

  /** A commit. */
  public static TransactionResponse committed() {
    return new TransactionResponse(Outcome.COMMITTED, "");
  }

  /** A conflict, saying why. */
  public static TransactionResponse conflict(String detail) {
    return new TransactionResponse(Outcome.CONFLICT, detail);
  }
}
