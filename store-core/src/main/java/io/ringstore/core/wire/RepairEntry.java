package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;

/**
 * One key and the versions a replica holds of it, tombstones included, as anti-entropy streams it
 * between replicas ({@link RangeSyncResponse}, {@link RangePushRequest}).
 */
public record RepairEntry(byte[] key, Versioned[] versions) {
  public RepairEntry {
    MessageChecks.key(key);
    MessageChecks.siblings(versions);
  }
}
