package io.ringstore.core.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/** Hand-written Kryo serializers for lock requests; same rules as {@link PaxosSerializers}. */
final class LockSerializers {
  private LockSerializers() {}

  /**
   * {@code op | string name | varlong owner | varlong token | varint leaseMillis | varint
   * waitMillis | varint timeoutMillis}.
   */
  static final class LockRequestSerializer extends Serializer<LockRequest> {
    private static final LockRequest.Op[] OPS = LockRequest.Op.values();

    @Override
    public void write(Kryo kryo, Output out, LockRequest message) {
      WireFields.writeEnum(out, message.op());
      WireFields.writeString(out, message.name());
      out.writeVarLong(message.owner(), false);
      out.writeVarLong(message.token(), true);
      out.writeVarInt(message.leaseMillis(), true);
      out.writeVarInt(message.waitMillis(), true);
      out.writeVarInt(message.timeoutMillis(), true);
    }

    @Override
    public LockRequest read(Kryo kryo, Input in, Class<? extends LockRequest> type) {
      return new LockRequest(
          WireFields.readEnum(in, OPS, "op"),
          WireFields.readString(in, Fence.LOCK_NAME_BYTES_MAX, "lock name"),
          in.readVarLong(false),
          in.readVarLong(true),
          in.readVarInt(true),
          in.readVarInt(true),
          in.readVarInt(true));
    }
  }

  /** {@code outcome | boolean held | varlong owner | varlong token | varint leaseMillis}. */
  static final class LockResponseSerializer extends Serializer<LockResponse> {
    private static final LockResponse.Outcome[] OUTCOMES = LockResponse.Outcome.values();

    @Override
    public void write(Kryo kryo, Output out, LockResponse message) {
      WireFields.writeEnum(out, message.outcome());
      out.writeBoolean(message.held());
      out.writeVarLong(message.owner(), false);
      out.writeVarLong(message.token(), true);
      out.writeVarInt(message.leaseMillis(), true);
    }

    @Override
    public LockResponse read(Kryo kryo, Input in, Class<? extends LockResponse> type) {
      return new LockResponse(
          WireFields.readEnum(in, OUTCOMES, "outcome"),
          WireFields.readBoolean(in, "held"),
          in.readVarLong(false),
          in.readVarLong(true),
          in.readVarInt(true));
    }
  }
}
