package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;
import java.util.Objects;

/**
 * A coordinator stores one version (a value or a tombstone) on one replica.
 *
 * @param key the key, at most {@link WireLimits#KEY_BYTES_MAX} bytes
 * @param version the version to store; its value is at most {@link WireLimits#VALUE_BYTES_MAX}
 */
public record ReplicaPutRequest(byte[] key, Versioned version) implements PeerRequest {
  /** Checks the arguments against {@link WireLimits}. */
  public ReplicaPutRequest {
    MessageChecks.key(key);
    Objects.requireNonNull(version, "version");
    if (!version.isTombstone()) {
      MessageChecks.value(version.value());
    }
  }
}
