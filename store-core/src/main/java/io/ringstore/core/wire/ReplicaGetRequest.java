package io.ringstore.core.wire;

/**
 * A coordinator reads a key from one replica's storage.
 *
 * @param key the key, at most {@link WireLimits#KEY_BYTES_MAX} bytes
 */
public record ReplicaGetRequest(byte[] key) implements PeerRequest {
  /** Checks the argument against {@link WireLimits}. */
  public ReplicaGetRequest {
    MessageChecks.key(key);
  }
}
