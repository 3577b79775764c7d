package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;
import java.util.Objects;

/**
 * A coordinator stores one version (a value or a tombstone) on one replica.
 *
 * @param key the key, at most {@link WireLimits#KEY_BYTES_MAX} bytes
 * @param version the version to store; its value is at most {@link WireLimits#VALUE_BYTES_MAX}
 * @param siblingsMax for a new write, the most versions the key may hold after it (the replica
 *     refuses a write that would add a sibling beyond it); 0 for a repair or a hint's replay, which
 *     carry versions that exist elsewhere and are never refused
 */
public record ReplicaPutRequest(byte[] key, Versioned version, int siblingsMax)
    implements PeerRequest {
  /** Checks the arguments against {@link WireLimits}. */
  public ReplicaPutRequest {
    MessageChecks.key(key);
    Objects.requireNonNull(version, "version");
    if (!version.isTombstone()) {
      MessageChecks.value(version.value());
    }
    if (siblingsMax < 0) {
      throw new IllegalArgumentException("siblingsMax " + siblingsMax + " must not be negative");
    }
  }

  /** A put with no bound on siblings: a repair, or a hint's replay. */
  public ReplicaPutRequest(byte[] key, Versioned version) {
    this(key, version, 0);
  }
}
