package io.ringstore.core.coordinator;

import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.Fences;
import io.ringstore.core.wire.Intent;

/**
 * A transaction's record, the commit point of its two-phase commit: a register key ({@link
 * io.ringstore.core.wire.TransactionId#recordKey}) that holds one byte, committed or aborted, and
 * is written once, by the first of the coordinator (commit) and a resolver (abort) to reach it. Its
 * {@link Update} is the round that writes or reads it.
 */
final class TransactionRecord {
  /** What the record says. */
  enum State {
    /** Not written yet: the transaction may still commit. */
    PENDING,
    COMMITTED,
    ABORTED
  }

  private static final byte COMMITTED = 'C';
  private static final byte ABORTED = 'A';

  private TransactionRecord() {}

  /** The state a version of the record holds (null: none). */
  static State stateOf(Versioned versionOrNull) {
    if (versionOrNull == null || versionOrNull.isTombstone()) {
      return State.PENDING;
    }
    byte[] value = versionOrNull.value();
    if (value.length != 1 || (value[0] != COMMITTED && value[0] != ABORTED)) {
      throw new IllegalStateException(
          "a transaction record holds " + value.length + " bytes that are not a record");
    }
    return value[0] == COMMITTED ? State.COMMITTED : State.ABORTED;
  }

  /**
   * A round on the record: writes {@code wanted} if the record is still pending (a pending {@code
   * wanted} only reads it), and keeps what the record says after the round decided.
   */
  static final class Update implements RegisterUpdate {
    private final State wanted;
    private volatile State state = State.PENDING;

    Update(State wanted) {
      this.wanted = wanted;
    }

    @Override
    public Change decide(Versioned currentOrNull, Fences fences, Intent intentOrNull) {
      State now = stateOf(currentOrNull);
      if (now != State.PENDING || wanted == State.PENDING) {
        state = now;
        return null;
      }
      state = wanted;
      return new Change(new byte[] {wanted == State.COMMITTED ? COMMITTED : ABORTED}, fences);
    }

    /** What the record said when the round last decided: valid once it answered. */
    State state() {
      return state;
    }
  }
}
