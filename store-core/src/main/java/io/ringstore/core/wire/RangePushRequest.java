package io.ringstore.core.wire;

import java.util.List;

/**
 * Anti-entropy writes a replica the versions of the keys it asked for in a {@link
 * RangeSyncResponse}: the replica stores every version (keeping only what is not obsolete) and
 * answers {@link ReplicaPutResponse} once all of them are durable.
 */
public record RangePushRequest(List<RepairEntry> keys) implements PeerRequest {
  public RangePushRequest {
    keys = List.copyOf(keys);
    if (keys.size() > WireLimits.SYNC_KEYS_MAX) {
      throw new IllegalArgumentException(
          keys.size() + " keys: a push carries at most " + WireLimits.SYNC_KEYS_MAX);
    }
  }
}
