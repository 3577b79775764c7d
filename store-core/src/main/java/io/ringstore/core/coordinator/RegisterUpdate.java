package io.ringstore.core.coordinator;

import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.Fences;
import io.ringstore.core.wire.Intent;
import java.util.Arrays;

/**
 * What a Paxos round on one key writes, decided on the register's current state once a majority
 * promised ({@link ConditionalCoordination}): a client's conditional write, a lock operation's
 * change of its record, or a transaction's intent placed, applied or dropped. It may be asked again
 * in a later round (after a refusal), each time on what that round read; it runs under the
 * coordination's monitor, so it must not call out.
 */
@FunctionalInterface
interface RegisterUpdate {
  /**
   * The change to make over {@code currentOrNull} (null: the key has no version), its fences and
   * the intent of the transaction holding it (null: none), or null to write nothing.
   *
   * @throws HeldByTransactionException if a transaction's intent holds the key (refused as a
   *     conflict)
   * @throws IllegalArgumentException if the change cannot be made (refused as a bad request)
   */
  Change decide(Versioned currentOrNull, Fences fences, Intent intentOrNull);

  /**
   * The register's next state.
   *
   * @param writesValue whether the key takes a new version ({@code valueOrNull}, null: a
   *     tombstone); if not, it keeps its version and only its fences and intent change
   * @param valueOrNull the new value, for a change that writes one
   * @param fences the key's fences after the change
   * @param intentOrNull the intent that holds the key after the change; null for none
   */
  record Change(boolean writesValue, byte[] valueOrNull, Fences fences, Intent intentOrNull) {
    /** Writes {@code valueOrNull} (null: deletes) with {@code fences}, holding no intent. */
    Change(byte[] valueOrNull, Fences fences) {
      this(true, valueOrNull, fences, null);
    }

    /** Keeps the key's version and fences, held by {@code intentOrNull} (null: by none). */
    static Change holding(Intent intentOrNull, Fences fences) {
      return new Change(false, null, fences, intentOrNull);
    }
  }

  /** A transaction's intent holds the key, so the update may not change it. */
  final class HeldByTransactionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Intent intent;

    HeldByTransactionException(Intent intent) {
      super(
          "the key is held by transaction "
              + intent.transaction()
              + " until it commits or aborts (at most the resolve timeout after its coordinator"
              + " stops): retry after a short pause",
          null,
          false,
          false);
      this.intent = intent;
    }

    Intent intent() {
      return intent;
    }
  }

  /**
   * The update a client's {@link ConditionalRequest} asks for. A write refuses a key held by a
   * transaction; a serial read reads its committed version.
   */
  static RegisterUpdate of(ConditionalRequest request) {
    return (current, fences, intent) -> {
      if (!request.writes()) {
        return null;
      }
      if (intent != null) {
        throw new HeldByTransactionException(intent);
      }
      if (!holds(request, current, fences)) {
        return null;
      }
      Fences next = request.fenceOrNull() == null ? fences : fences.with(request.fenceOrNull());
      return new Change(request.newValue(), next);
    };
  }

  private static boolean holds(ConditionalRequest request, Versioned current, Fences fences) {
    boolean absent = current == null || current.isTombstone();
    return switch (request.condition()) {
      case SERIAL_READ -> false;
      case IF_ABSENT -> absent;
      case IF_VERSION ->
          current == null
              ? request.expectedClock().size() == 0
              : current.clock().compare(request.expectedClock()) == Occurred.EQUAL;
      case IF_VALUE -> !absent && Arrays.equals(current.value(), request.expectedValue());
      case IF_FENCE -> fences.admits(request.fenceOrNull());
    };
  }
}
