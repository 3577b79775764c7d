package io.ringstore.core.wire;

import io.ringstore.core.cluster.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The node ids a codec decoded lately, by their wire bytes. Every vector clock names the same few
 * cluster members, so a hit saves the string, its validation and the NodeId on the hot path.
 *
 * <p>A direct-mapped table of {@link #SLOTS} entries: a new id replaces whatever shares its slot.
 * Memory stays bounded whatever a peer sends, and hostile ids can only cost misses. Only ids that
 * passed validation are stored. Not thread-safe: one per codec.
 */
final class NodeIdCache {
  /** Number of slots; a power of two, comfortably above the size of a cluster's clocks. */
  static final int SLOTS = 64;

  private static final int HASH_MULTIPLIER = 31;

  private final byte[][] keys = new byte[SLOTS][];
  private final NodeId[] nodeIds = new NodeId[SLOTS];

  /**
   * The node id spelled by {@code buffer[offset, offset+length)}, from the table if it is there.
   */
  NodeId get(byte[] buffer, int offset, int length) {
    int slot = hash(buffer, offset, length) & (SLOTS - 1);
    byte[] key = keys[slot];
    if (key != null && Arrays.equals(key, 0, key.length, buffer, offset, offset + length)) {
      return nodeIds[slot];
    }
    NodeId nodeId = new NodeId(new String(buffer, offset, length, StandardCharsets.ISO_8859_1));
    keys[slot] = Arrays.copyOfRange(buffer, offset, offset + length);
    nodeIds[slot] = nodeId;
    return nodeId;
  }

  private static int hash(byte[] buffer, int offset, int length) {
    int hash = length;
    for (int i = offset; i < offset + length; i++) {
      hash = HASH_MULTIPLIER * hash + buffer[i];
    }
    return hash ^ (hash >>> 16);
  }
}
