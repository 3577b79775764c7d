package io.ringstore.core.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A transaction's claim on one key, kept in the key's Paxos register from the transaction's prepare
 * until it is resolved: while it stands, no other transaction prepares the key and no conditional
 * write changes it. Whoever resolves it reads the transaction's record: committed, the key takes
 * {@link #valueOrNull} (for a write); otherwise the intent is dropped.
 *
 * @param transaction whose intent this is
 * @param startedMillis when the transaction's commit started, on its coordinator's wall clock: a
 *     resolver may abort the transaction once the resolve timeout has passed since
 * @param priorityMillis the transaction's age for wait-die: when its client first tried it (kept
 *     across the client's retries); of two transactions that want one key, the older waits for the
 *     younger, the younger gives up
 * @param kind whether the transaction only read the key, or writes or deletes it
 * @param valueOrNull for {@link Kind#PUT}, the value it writes; null otherwise
 */
public record Intent(
    TransactionId transaction,
    long startedMillis,
    long priorityMillis,
    Kind kind,
    byte[] valueOrNull) {
  /** What the transaction does to the key. */
  public enum Kind {
    /** Only read it: the intent keeps the version it read from changing until the commit. */
    READ,
    /** Writes {@code valueOrNull}. */
    PUT,
    /** Deletes the key. */
    DELETE
  }

  public Intent {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.PUT) != (valueOrNull != null)) {
      throw new IllegalArgumentException("a PUT intent, and only a PUT intent, carries a value");
    }
    if (valueOrNull != null) {
      MessageChecks.value(valueOrNull);
    }
  }

  /** An intent whose transaction's age is its start. */
  public Intent(TransactionId transaction, long startedMillis, Kind kind, byte[] valueOrNull) {
    this(transaction, startedMillis, startedMillis, kind, valueOrNull);
  }

  /**
   * Whether this intent's transaction is older than {@code other}'s (wait-die's order: the earlier
   * first attempt, then the lower identity).
   */
  public boolean olderThan(Intent other) {
    if (priorityMillis != other.priorityMillis) {
      return priorityMillis < other.priorityMillis;
    }
    int byHigh = Long.compare(transaction.high(), other.transaction.high());
    return byHigh != 0 ? byHigh < 0 : transaction.low() < other.transaction.low();
  }

  /** Whether this intent is {@code transaction}'s. */
  public boolean of(TransactionId other) {
    return transaction.equals(other);
  }

  /** Whether the transaction writes the key (a put or a delete). */
  public boolean writes() {
    return kind != Kind.READ;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Intent that
        && transaction.equals(that.transaction)
        && startedMillis == that.startedMillis
        && priorityMillis == that.priorityMillis
        && kind == that.kind
        && Arrays.equals(valueOrNull, that.valueOrNull);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        transaction, startedMillis, priorityMillis, kind, Arrays.hashCode(valueOrNull));
  }

  @Override
  public String toString() {
    return "Intent[" + transaction + " " + kind + " started " + startedMillis + "]";
  }
}
