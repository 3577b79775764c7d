package io.ringstore.core.coordinator;

import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.Fences;
import java.util.Arrays;

/**
 * What a Paxos round on one key writes, decided on the register's current state once a majority
 * promised ({@link ConditionalCoordination}): a client's conditional write, or a lock operation's
 * change of its record. It may be asked again in a later round (after a refusal), each time on what
 * that round read; it runs under the coordination's monitor, so it must not call out.
 */
@FunctionalInterface
interface RegisterUpdate {
  /**
   * The change to make over {@code currentOrNull} (null: the key has no version), or null to write
   * nothing.
   *
   * @throws IllegalArgumentException if the change cannot be made (refused as a bad request)
   */
  Change decide(Versioned currentOrNull, Fences fences);

  /** The key's next value (null: a tombstone) and its fences. */
  record Change(byte[] valueOrNull, Fences fences) {}

  /** The update a client's {@link ConditionalRequest} asks for. */
  static RegisterUpdate of(ConditionalRequest request) {
    return (current, fences) -> {
      if (!request.writes() || !holds(request, current, fences)) {
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
