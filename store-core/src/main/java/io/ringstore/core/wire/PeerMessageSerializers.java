package io.ringstore.core.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Hand-written Kryo serializers for the messages between nodes; same rules as {@link
 * ClientMessageSerializers}.
 */
final class PeerMessageSerializers {
  private PeerMessageSerializers() {}

  /** {@code key}. */
  static final class ReplicaGetRequestSerializer extends Serializer<ReplicaGetRequest> {
    @Override
    public void write(Kryo kryo, Output out, ReplicaGetRequest message) {
      WireFields.writeBytes(out, message.key());
    }

    @Override
    public ReplicaGetRequest read(Kryo kryo, Input in, Class<? extends ReplicaGetRequest> type) {
      return new ReplicaGetRequest(WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key"));
    }
  }

  /** {@code versions}. */
  static final class ReplicaGetResponseSerializer extends Serializer<ReplicaGetResponse> {
    private final NodeIdCache nodeIds;

    ReplicaGetResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, ReplicaGetResponse message) {
      WireFields.writeVersions(out, message.versions());
    }

    @Override
    public ReplicaGetResponse read(Kryo kryo, Input in, Class<? extends ReplicaGetResponse> type) {
      return new ReplicaGetResponse(WireFields.readVersions(in, nodeIds));
    }
  }

  /** {@code key | versioned | varint siblingsMax}. */
  static final class ReplicaPutRequestSerializer extends Serializer<ReplicaPutRequest> {
    private final NodeIdCache nodeIds;

    ReplicaPutRequestSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, ReplicaPutRequest message) {
      WireFields.writeBytes(out, message.key());
      WireFields.writeVersioned(out, message.version());
      out.writeVarInt(message.siblingsMax(), true);
    }

    @Override
    public ReplicaPutRequest read(Kryo kryo, Input in, Class<? extends ReplicaPutRequest> type) {
      return new ReplicaPutRequest(
          WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key"),
          WireFields.readVersioned(in, nodeIds),
          WireFields.readCount(in, Integer.MAX_VALUE, 0, "siblingsMax"));
    }
  }

  /** {@code nodeId owner, bytes key, versioned version}: see {@link HintedPutRequest}. */
  static final class HintedPutRequestSerializer extends Serializer<HintedPutRequest> {
    private final NodeIdCache nodeIds;

    HintedPutRequestSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, HintedPutRequest message) {
      HintedPutRequest.write(out, message);
    }

    @Override
    public HintedPutRequest read(Kryo kryo, Input in, Class<? extends HintedPutRequest> type) {
      return HintedPutRequest.read(in, nodeIds);
    }
  }

  /** {@code byte applied (0 or 1)}. */
  static final class ReplicaPutResponseSerializer extends Serializer<ReplicaPutResponse> {
    @Override
    public void write(Kryo kryo, Output out, ReplicaPutResponse message) {
      out.writeBoolean(message.applied());
    }

    @Override
    public ReplicaPutResponse read(Kryo kryo, Input in, Class<? extends ReplicaPutResponse> type) {
      return ReplicaPutResponse.of(WireFields.readBoolean(in, "applied"));
    }
  }

  /** {@code int64 sentNanos}, little-endian like every Kryo fixed-width number. */
  static final class PingSerializer extends Serializer<Ping> {
    @Override
    public void write(Kryo kryo, Output out, Ping message) {
      out.writeLong(message.sentNanos());
    }

    @Override
    public Ping read(Kryo kryo, Input in, Class<? extends Ping> type) {
      return new Ping(in.readLong());
    }
  }

  /** {@code int64 sentNanos}, little-endian like every Kryo fixed-width number. */
  static final class PongSerializer extends Serializer<Pong> {
    @Override
    public void write(Kryo kryo, Output out, Pong message) {
      out.writeLong(message.sentNanos());
    }

    @Override
    public Pong read(Kryo kryo, Input in, Class<? extends Pong> type) {
      return new Pong(in.readLong());
    }
  }

  /** {@code node id}. */
  static final class PeerHelloSerializer extends Serializer<PeerHello> {
    private final NodeIdCache nodeIds;

    PeerHelloSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PeerHello message) {
      WireFields.writeNodeId(out, message.node());
    }

    @Override
    public PeerHello read(Kryo kryo, Input in, Class<? extends PeerHello> type) {
      return new PeerHello(WireFields.readNodeId(in, nodeIds));
    }
  }

  /** {@code node id}. */
  static final class PeerWelcomeSerializer extends Serializer<PeerWelcome> {
    private final NodeIdCache nodeIds;

    PeerWelcomeSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PeerWelcome message) {
      WireFields.writeNodeId(out, message.node());
    }

    @Override
    public PeerWelcome read(Kryo kryo, Input in, Class<? extends PeerWelcome> type) {
      return new PeerWelcome(WireFields.readNodeId(in, nodeIds));
    }
  }
}
