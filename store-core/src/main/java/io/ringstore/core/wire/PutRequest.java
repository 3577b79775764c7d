package io.ringstore.core.wire;

import io.ringstore.core.version.VectorClock;
import java.util.Objects;

/**
 * Writes a value. The context is the clock the client last read for the key (empty for a blind
 * write); the new version descends from it.
 *
 * @param key the key, at most {@link WireLimits#KEY_BYTES_MAX} bytes
 * @param value the value, at most {@link WireLimits#VALUE_BYTES_MAX} bytes
 * @param context the clock read before this write, or {@link VectorClock#empty()}
 * @param consistency how many replicas must acknowledge
 * @param timeoutMillis how long the coordinator waits, 0 for the node's default
 */
public record PutRequest(
    byte[] key, byte[] value, VectorClock context, Consistency consistency, int timeoutMillis)
    implements ClientRequest {
  /** Checks the arguments against {@link WireLimits}. */
  public PutRequest {
    MessageChecks.key(key);
    MessageChecks.value(value);
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(consistency, "consistency");
    MessageChecks.timeout(timeoutMillis);
  }
}
