package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;

/**
 * The answer to a {@link GetRequest}: the concurrent versions (siblings) of the key, tombstones
 * included; none when the key was never written.
 *
 * @param versions the siblings, at most {@link WireLimits#SIBLINGS_MAX}; empty means not found
 */
public record GetResponse(Versioned[] versions) implements Response {
  /** Checks the arguments against {@link WireLimits}. */
  public GetResponse {
    MessageChecks.siblings(versions);
  }
}
