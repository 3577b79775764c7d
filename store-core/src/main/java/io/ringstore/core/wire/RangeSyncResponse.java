package io.ringstore.core.wire;

import java.util.List;
import java.util.Objects;

/**
 * A replica's side of a {@link RangeSyncRequest}: its versions of the keys that differ ({@code
 * keys}), the tokens of keys it wants the sender's versions of ({@code wanted}), and whether it
 * left keys out to stay within a frame ({@code truncated}: the sender syncs the same leaves again).
 */
public record RangeSyncResponse(List<RepairEntry> keys, long[] wanted, boolean truncated)
    implements Response {
  public RangeSyncResponse {
    keys = List.copyOf(keys);
    Objects.requireNonNull(wanted, "wanted");
    if (keys.size() > WireLimits.SYNC_KEYS_MAX || wanted.length > WireLimits.SYNC_KEYS_MAX) {
      throw new IllegalArgumentException(
          keys.size()
              + " keys and "
              + wanted.length
              + " wanted tokens: at most "
              + WireLimits.SYNC_KEYS_MAX
              + " each");
    }
  }
}
