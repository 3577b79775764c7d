package io.ringstore.core.wire;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.version.VectorClock;
import java.util.ArrayList;
import java.util.List;

/** Hand-written Kryo serializers for transactions; same rules as {@link PaxosSerializers}. */
final class TransactionSerializers {
  private static final Intent.Kind[] KINDS = Intent.Kind.values();

  /** The fewest bytes a key of a transaction takes: its length, two flags and its kind. */
  private static final int KEY_BYTES_MIN = 4;

  private TransactionSerializers() {}

  static void writeId(Output out, TransactionId id) {
    out.writeLong(id.high());
    out.writeLong(id.low());
  }

  static TransactionId readId(Input in) {
    return new TransactionId(in.readLong(), in.readLong());
  }

  /**
   * {@code boolean present | (id | varlong startedMillis | varlong priorityMillis | kind | nullable
   * bytes value)}.
   */
  static void writeNullableIntent(Output out, Intent intent) {
    out.writeBoolean(intent != null);
    if (intent != null) {
      writeId(out, intent.transaction());
      out.writeVarLong(intent.startedMillis(), true);
      out.writeVarLong(intent.priorityMillis(), true);
      WireFields.writeEnum(out, intent.kind());
      WireFields.writeNullableBytes(
          out, intent.valueOrNull(), WireLimits.VALUE_BYTES_MAX, "intent value");
    }
  }

  static Intent readNullableIntent(Input in) {
    if (!WireFields.readBoolean(in, "intent present")) {
      return null;
    }
    return new Intent(
        readId(in),
        in.readVarLong(true),
        in.readVarLong(true),
        WireFields.readEnum(in, KINDS, "intent kind"),
        WireFields.readNullableBytes(in, WireLimits.VALUE_BYTES_MAX, "intent value"));
  }

  /**
   * {@code id | varint count | count × (bytes key | clock read | kind | nullable bytes value) |
   * varlong priorityMillis | varint timeoutMillis}.
   */
  static final class TransactionRequestSerializer extends Serializer<TransactionRequest> {
    private final NodeIdCache nodeIds;

    TransactionRequestSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, TransactionRequest message) {
      writeId(out, message.id());
      out.writeVarInt(message.keys().size(), true);
      for (TransactionRequest.Key key : message.keys()) {
        WireFields.writeBytes(out, key.key());
        WireFields.writeClock(out, key.readClock());
        WireFields.writeEnum(out, key.kind());
        WireFields.writeNullableBytes(out, key.valueOrNull(), WireLimits.VALUE_BYTES_MAX, "value");
      }
      out.writeVarLong(message.priorityMillis(), true);
      out.writeVarInt(message.timeoutMillis(), true);
    }

    @Override
    public TransactionRequest read(Kryo kryo, Input in, Class<? extends TransactionRequest> type) {
      TransactionId id = readId(in);
      int count =
          WireFields.readCount(in, TransactionRequest.KEYS_MAX, KEY_BYTES_MIN, "transaction keys");
      List<TransactionRequest.Key> keys = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] key = WireFields.readBytes(in, WireLimits.KEY_BYTES_MAX, "key");
        VectorClock clock = WireFields.readClock(in, nodeIds);
        keys.add(
            new TransactionRequest.Key(
                key,
                clock,
                WireFields.readEnum(in, KINDS, "kind"),
                WireFields.readNullableBytes(in, WireLimits.VALUE_BYTES_MAX, "value")));
      }
      return new TransactionRequest(id, keys, in.readVarLong(true), in.readVarInt(true));
    }
  }

  /** {@code outcome | string detail}. */
  static final class TransactionResponseSerializer extends Serializer<TransactionResponse> {
    private static final TransactionResponse.Outcome[] OUTCOMES =
        TransactionResponse.Outcome.values();

    @Override
    public void write(Kryo kryo, Output out, TransactionResponse message) {
      WireFields.writeEnum(out, message.outcome());
      WireFields.writeString(out, message.detail());
    }

    @Override
    public TransactionResponse read(
        Kryo kryo, Input in, Class<? extends TransactionResponse> type) {
      return new TransactionResponse(
          WireFields.readEnum(in, OUTCOMES, "outcome"),
          WireFields.readString(in, WireLimits.ERROR_MESSAGE_CHARS_MAX * 4, "detail"));
    }
  }
}
