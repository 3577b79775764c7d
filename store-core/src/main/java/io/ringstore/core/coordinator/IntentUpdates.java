package io.ringstore.core.coordinator;

import io.ringstore.core.coordinator.ConditionalSettings.TransactionRule;
import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.Fences;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.TransactionId;

/** The rounds that place a transaction's intent on a key, and that apply or drop it. */
final class IntentUpdates {
  private IntentUpdates() {}

  /** How a prepare found its key. */
  enum Prepared {
    /** Not decided yet (no round reached a majority). */
    UNKNOWN,
    /** The key holds this transaction's intent. */
    HELD,
    /** Another transaction's intent holds the key. */
    BLOCKED,
    /** The key's version is no longer the one the transaction read. */
    CHANGED
  }

  /**
   * Places {@code intent} on a key if no other transaction holds it and its version is still {@code
   * readClockOrNull} (empty: the transaction read that the key has none; null checks nothing, for
   * tests that place an intent as a coordinator would).
   */
  static final class Prepare implements RegisterUpdate {
    private final Intent intent;
    private final VectorClock readClockOrNull;
    private final TransactionRule rule;
    private volatile Prepared outcome = Prepared.UNKNOWN;
    private volatile Intent blocker;

    Prepare(Intent intent, VectorClock readClockOrNull, TransactionRule rule) {
      this.intent = intent;
      this.readClockOrNull = readClockOrNull;
      this.rule = rule;
    }

    @Override
    public Change decide(Versioned currentOrNull, Fences fences, Intent held) {
      if (held != null) {
        outcome = held.of(intent.transaction()) ? Prepared.HELD : Prepared.BLOCKED;
        blocker = held;
        return null;
      }
      if (readClockOrNull != null && !isVersionRead(currentOrNull)) {
        outcome = Prepared.CHANGED;
        return null;
      }
      outcome = Prepared.HELD;
      if (rule == TransactionRule.APPLIES_BEFORE_COMMIT && intent.writes()) {
        return new Change(true, intent.valueOrNull(), fences, intent);
      }
      return Change.holding(intent, fences);
    }

    private boolean isVersionRead(Versioned currentOrNull) {
      if (currentOrNull == null) {
        return readClockOrNull.size() == 0;
      }
      return currentOrNull.clock().compare(readClockOrNull) == Occurred.EQUAL;
    }

    /** The intent this prepare places. */
    Intent intent() {
      return intent;
    }

    /** How the round that answered last found the key. */
    Prepared outcome() {
      return outcome;
    }

    /** For {@link Prepared#BLOCKED}: the intent of the transaction that holds the key. */
    Intent blocker() {
      return blocker;
    }
  }

  /**
   * Ends {@code transaction}'s intent on a key, if it still holds it: a committed transaction's
   * write applies (the key takes its value, or a tombstone), otherwise the key keeps its version.
   */
  static RegisterUpdate resolve(TransactionId transaction, boolean committed) {
    return (current, fences, held) -> {
      if (held == null || !held.of(transaction)) {
        return null;
      }
      if (committed && held.writes()) {
        return new RegisterUpdate.Change(true, held.valueOrNull(), fences, null);
      }
      return RegisterUpdate.Change.holding(null, fences);
    };
  }
}
