package io.ringstore.core.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.ring.TokenRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written Kryo serializers for anti-entropy's messages; same rules as {@link
 * ClientMessageSerializers}: every count is checked against its limit and the bytes left before
 * anything is allocated.
 */
final class RepairSerializers {
  /** A token range on the wire: two fixed-width longs. */
  private static final int RANGE_BYTES = 2 * Long.BYTES;

  /** The fewest bytes an entry takes: an empty key and no versions. */
  private static final int ENTRY_BYTES_MIN = 2;

  private RepairSerializers() {}

  static void writeRange(Output out, TokenRange range) {
    out.writeLong(range.startExclusive());
    out.writeLong(range.endInclusive());
  }

  static TokenRange readRange(Input in) {
    return new TokenRange(in.readLong(), in.readLong());
  }

  private static void writeLongs(Output out, long[] values) {
    out.writeVarInt(values.length, true);
    out.writeLongs(values, 0, values.length);
  }

  private static long[] readLongs(Input in, int countMax, String field) {
    int count = WireFields.readCount(in, countMax, Long.BYTES, field);
    return in.readLongs(count);
  }

  /** {@code range | varint depthMin}. */
  static final class MerkleTreeRequestSerializer extends Serializer<MerkleTreeRequest> {
    @Override
    public void write(Kryo kryo, Output out, MerkleTreeRequest message) {
      writeRange(out, message.range());
      out.writeVarInt(message.depthMin(), true);
    }

    @Override
    public MerkleTreeRequest read(Kryo kryo, Input in, Class<? extends MerkleTreeRequest> type) {
      return new MerkleTreeRequest(readRange(in), in.readVarInt(true));
    }
  }

  /** {@code varint depth | varlong keyCount | longs leaves}. */
  static final class MerkleTreeResponseSerializer extends Serializer<MerkleTreeResponse> {
    @Override
    public void write(Kryo kryo, Output out, MerkleTreeResponse message) {
      out.writeVarInt(message.depth(), true);
      out.writeVarLong(message.keyCount(), true);
      writeLongs(out, message.leaves());
    }

    @Override
    public MerkleTreeResponse read(Kryo kryo, Input in, Class<? extends MerkleTreeResponse> type) {
      int depth = in.readVarInt(true);
      long keyCount = in.readVarLong(true);
      long[] leaves = readLongs(in, 1 << WireLimits.TREE_DEPTH_MAX, "leaves");
      return new MerkleTreeResponse(depth, keyCount, leaves);
    }
  }

  /** {@code varint count, ranges | longs tokens | longs digests}. */
  static final class RangeSyncRequestSerializer extends Serializer<RangeSyncRequest> {
    @Override
    public void write(Kryo kryo, Output out, RangeSyncRequest message) {
      out.writeVarInt(message.leaves().size(), true);
      for (TokenRange leaf : message.leaves()) {
        writeRange(out, leaf);
      }
      writeLongs(out, message.tokens());
      writeLongs(out, message.digests());
    }

    @Override
    public RangeSyncRequest read(Kryo kryo, Input in, Class<? extends RangeSyncRequest> type) {
      int count = WireFields.readCount(in, WireLimits.SYNC_LEAVES_MAX, RANGE_BYTES, "leaves");
      List<TokenRange> leaves = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        leaves.add(readRange(in));
      }
      long[] tokens = readLongs(in, WireLimits.SYNC_KEYS_MAX, "tokens");
      long[] digests = readLongs(in, WireLimits.SYNC_KEYS_MAX, "digests");
      return new RangeSyncRequest(leaves, tokens, digests);
    }
  }

  /** {@code varint count, (bytes key, versions)... | longs wanted | bool truncated}. */
  static final class RangeSyncResponseSerializer extends Serializer<RangeSyncResponse> {
    private final NodeIdCache nodeIds;

    RangeSyncResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, RangeSyncResponse message) {
      writeEntries(out, message.keys());
      writeLongs(out, message.wanted());
      out.writeBoolean(message.truncated());
    }

    @Override
    public RangeSyncResponse read(Kryo kryo, Input in, Class<? extends RangeSyncResponse> type) {
      List<RepairEntry> keys = readEntries(in, nodeIds);
      long[] wanted = readLongs(in, WireLimits.SYNC_KEYS_MAX, "wanted");
      boolean truncated = WireFields.readBoolean(in, "truncated");
      return new RangeSyncResponse(keys, wanted, truncated);
    }
  }

  private static void writeEntries(Output out, List<RepairEntry> entries) {
    out.writeVarInt(entries.size(), true);
    for (RepairEntry entry : entries) {
      WireFields.writeBytes(out, entry.key());
      WireFields.writeVersions(out, entry.versions());
    }
  }

  private static List<RepairEntry> readEntries(Input in, NodeIdCache nodeIds) {
    int count = WireFields.readCount(in, WireLimits.SYNC_KEYS_MAX, ENTRY_BYTES_MIN, "keys");
    List<RepairEntry> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] key = WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key");
      keys.add(new RepairEntry(key, WireFields.readVersions(in, nodeIds)));
    }
    return keys;
  }

  /** {@code varint count, (bytes key, versions)...}. */
  static final class RangePushRequestSerializer extends Serializer<RangePushRequest> {
    private final NodeIdCache nodeIds;

    RangePushRequestSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, RangePushRequest message) {
      writeEntries(out, message.keys());
    }

    @Override
    public RangePushRequest read(Kryo kryo, Input in, Class<? extends RangePushRequest> type) {
      return new RangePushRequest(readEntries(in, nodeIds));
    }
  }

  /** {@code bool start}. */
  static final class RepairRequestSerializer extends Serializer<RepairRequest> {
    @Override
    public void write(Kryo kryo, Output out, RepairRequest message) {
      out.writeBoolean(message.start());
    }

    @Override
    public RepairRequest read(Kryo kryo, Input in, Class<? extends RepairRequest> type) {
      return new RepairRequest(WireFields.readBoolean(in, "start"));
    }
  }

  /** {@code node id}: the member to remove. */
  static final class RemoveNodeRequestSerializer extends Serializer<RemoveNodeRequest> {
    private final NodeIdCache nodeIds;

    RemoveNodeRequestSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, RemoveNodeRequest message) {
      WireFields.writeNodeId(out, message.node());
    }

    @Override
    public RemoveNodeRequest read(Kryo kryo, Input in, Class<? extends RemoveNodeRequest> type) {
      return new RemoveNodeRequest(WireFields.readNodeId(in, nodeIds));
    }
  }

  /** No fields. */
  static final class DecommissionRequestSerializer extends Serializer<DecommissionRequest> {
    @Override
    public void write(Kryo kryo, Output out, DecommissionRequest message) {}

    @Override
    public DecommissionRequest read(
        Kryo kryo, Input in, Class<? extends DecommissionRequest> type) {
      return new DecommissionRequest();
    }
  }

  /** {@code bool running | varlong runsFinished | varints ranges | varlongs counts}. */
  static final class RepairStatusSerializer extends Serializer<RepairStatus> {
    @Override
    public void write(Kryo kryo, Output out, RepairStatus message) {
      out.writeBoolean(message.running());
      out.writeVarLong(message.runsFinished(), true);
      out.writeVarInt(message.rangesTotal(), true);
      out.writeVarInt(message.rangesDone(), true);
      out.writeVarInt(message.rangesFailed(), true);
      out.writeVarLong(message.keysCompared(), true);
      out.writeVarLong(message.keysReceived(), true);
      out.writeVarLong(message.keysSent(), true);
      out.writeVarLong(message.bytesStreamed(), true);
      out.writeVarLong(message.elapsedMillis(), true);
      WireFields.writeString(out, message.lastFailure());
    }

    @Override
    public RepairStatus read(Kryo kryo, Input in, Class<? extends RepairStatus> type) {
      return new RepairStatus(
          WireFields.readBoolean(in, "running"),
          in.readVarLong(true),
          in.readVarInt(true),
          in.readVarInt(true),
          in.readVarInt(true),
          in.readVarLong(true),
          in.readVarLong(true),
          in.readVarLong(true),
          in.readVarLong(true),
          in.readVarLong(true),
          WireFields.readString(in, WireFields.ERROR_MESSAGE_BYTES_MAX, "last failure"));
    }
  }
}
