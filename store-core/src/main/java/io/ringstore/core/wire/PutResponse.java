package io.ringstore.core.wire;

import io.ringstore.core.version.VectorClock;
import java.util.Objects;

/**
 * The answer to a successful {@link PutRequest}.
 *
 * @param version the clock of the version written
 * @param ringEpoch the epoch of the ring the coordinator planned the write against, at least 0: a
 *     client holding an older ring refreshes it
 */
public record PutResponse(VectorClock version, long ringEpoch) implements Response {
  /** Checks the arguments. */
  public PutResponse {
    Objects.requireNonNull(version, "version");
    if (ringEpoch < 0) {
      throw new IllegalArgumentException("ring epoch " + ringEpoch + " must not be negative");
    }
  }

  /** An answer from a responder that planned against no ring (tests, echo servers): epoch 0. */
  public PutResponse(VectorClock version) {
    this(version, 0);
  }
}
