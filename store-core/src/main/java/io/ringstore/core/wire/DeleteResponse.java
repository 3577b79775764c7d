package io.ringstore.core.wire;

import io.ringstore.core.version.VectorClock;
import java.util.Objects;

/**
 * The answer to a successful {@link DeleteRequest}.
 *
 * @param version the clock of the tombstone written
 */
public record DeleteResponse(VectorClock version) implements Response {
  /** Checks the argument. */
  public DeleteResponse {
    Objects.requireNonNull(version, "version");
  }
}
