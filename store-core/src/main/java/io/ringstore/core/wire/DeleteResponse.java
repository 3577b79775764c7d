package io.ringstore.core.wire;

import io.ringstore.core.version.VectorClock;
import java.util.Objects;

/**
 * The answer to a successful {@link DeleteRequest}.
 *
 * @param version the clock of the tombstone written
 * @param ringEpoch the epoch of the ring the coordinator planned the delete against, at least 0: a
 *     client holding an older ring refreshes it
 */
public record DeleteResponse(VectorClock version, long ringEpoch) implements Response {
  /** Checks the arguments. */
  public DeleteResponse {
    Objects.requireNonNull(version, "version");
    if (ringEpoch < 0) {
      throw new IllegalArgumentException("ring epoch " + ringEpoch + " must not be negative");
    }
  }

  /** An answer from a responder that planned against no ring (tests, echo servers): epoch 0. */
  public DeleteResponse(VectorClock version) {
    this(version, 0);
  }
}
