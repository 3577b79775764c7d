package io.ringstore.core.wire;

import io.ringstore.core.version.VectorClock;
import java.util.Objects;

/**
 * The answer to a successful {@link PutRequest}.
 *
 * @param version the clock of the version written
 */
public record PutResponse(VectorClock version) implements Response {
  /** Checks the argument. */
  public PutResponse {
    Objects.requireNonNull(version, "version");
  }
}
