package io.ringstore.core.wire;

import io.ringstore.core.version.VectorClock;
import java.util.Objects;

/**
 * Deletes a key by writing a tombstone that descends from the context.
 *
 * @param key the key, at most {@link WireLimits#KEY_BYTES_MAX} bytes
 * @param context the clock read before this delete, or {@link VectorClock#empty()}
 * @param consistency how many replicas must acknowledge
 * @param timeoutMillis how long the coordinator waits, 0 for the node's default
 */
public record DeleteRequest(
    byte[] key, VectorClock context, Consistency consistency, int timeoutMillis)
    implements ClientRequest {
  /** Checks the arguments against {@link WireLimits}. */
  public DeleteRequest {
    MessageChecks.key(key);
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(consistency, "consistency");
    MessageChecks.timeout(timeoutMillis);
  }
}
