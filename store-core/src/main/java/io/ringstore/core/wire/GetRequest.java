package io.ringstore.core.wire;

import java.util.Objects;

/**
 * Reads a key: the coordinator asks the replicas and answers with a {@link GetResponse}.
 *
 * @param key the key, at most {@link WireLimits#KEY_BYTES_MAX} bytes
 * @param consistency how many replicas must answer
 * @param timeoutMillis how long the coordinator waits, 0 for the node's default
 */
public record GetRequest(byte[] key, Consistency consistency, int timeoutMillis)
    implements ClientRequest {
  /** Checks the arguments against {@link WireLimits}. */
  public GetRequest {
    MessageChecks.key(key);
    Objects.requireNonNull(consistency, "consistency");
    MessageChecks.timeout(timeoutMillis);
  }
}
