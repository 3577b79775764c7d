package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;

/**
 * The answer to a {@link GetRequest}: the concurrent versions (siblings) of the key, tombstones
 * included; none when the key was never written.
 *
 * @param versions the siblings, at most {@link WireLimits#SIBLINGS_MAX}; empty means not found
 * @param ringEpoch the epoch of the ring the coordinator planned the read against, at least 0: a
 *     client holding an older ring refreshes it
 */
public record GetResponse(Versioned[] versions, long ringEpoch) implements Response {
  /** Checks the arguments against {@link WireLimits}. */
  public GetResponse {
    MessageChecks.siblings(versions);
    if (ringEpoch < 0) {
      throw new IllegalArgumentException("ring epoch " + ringEpoch + " must not be negative");
    }
  }

  /** An answer from a responder that planned against no ring (tests, echo servers): epoch 0. */
  public GetResponse(Versioned[] versions) {
    this(versions, 0);
  }
}
