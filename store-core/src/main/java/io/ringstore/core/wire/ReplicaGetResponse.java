package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;

/**
 * A replica's versions of a key, tombstones included.
 *
 * @param versions the siblings stored, at most {@link WireLimits#SIBLINGS_MAX}; empty if none
 */
public record ReplicaGetResponse(Versioned[] versions) implements Response {
  /** Checks the argument against {@link WireLimits}. */
  public ReplicaGetResponse {
    MessageChecks.siblings(versions);
  }
}
