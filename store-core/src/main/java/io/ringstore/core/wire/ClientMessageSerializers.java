package io.ringstore.core.wire;

import static io.ringstore.core.wire.WireFields.readBytes;
import static io.ringstore.core.wire.WireFields.readClock;
import static io.ringstore.core.wire.WireFields.readConsistency;
import static io.ringstore.core.wire.WireFields.writeBytes;
import static io.ringstore.core.wire.WireFields.writeClock;
import static io.ringstore.core.wire.WireFields.writeConsistency;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written Kryo serializers for the client messages. Each writes its fields in declaration
 * order with {@link WireFields}; each reader reads them back in the same order and lets the record
 * constructor check the result. The layouts are the wire contract: change one only with a new
 * protocol version.
 */
final class ClientMessageSerializers {
  private static final ErrorCode[] ERROR_CODES = ErrorCode.values();

  private ClientMessageSerializers() {}

  /** {@code key | consistency | varint timeoutMillis}. */
  static final class GetRequestSerializer extends Serializer<GetRequest> {
    @Override
    public void write(Kryo kryo, Output out, GetRequest message) {
      writeBytes(out, message.key());
      writeConsistency(out, message.consistency());
      out.writeVarInt(message.timeoutMillis(), true);
    }

    @Override
    public GetRequest read(Kryo kryo, Input in, Class<? extends GetRequest> type) {
      return new GetRequest(
          readBytes(in, WireLimits.KEY_BYTES_MAX, "key"), readConsistency(in), in.readVarInt(true));
    }
  }

  /** {@code versions | varlong ringEpoch}. */
  static final class GetResponseSerializer extends Serializer<GetResponse> {
    private final NodeIdCache nodeIds;

    GetResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, GetResponse message) {
      WireFields.writeVersions(out, message.versions());
      out.writeVarLong(message.ringEpoch(), true);
    }

    @Override
    public GetResponse read(Kryo kryo, Input in, Class<? extends GetResponse> type) {
      return new GetResponse(WireFields.readVersions(in, nodeIds), in.readVarLong(true));
    }
  }

  /** {@code key | value | context clock | consistency | varint timeoutMillis}. */
  static final class PutRequestSerializer extends Serializer<PutRequest> {
    private final NodeIdCache nodeIds;

    PutRequestSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PutRequest message) {
      writeBytes(out, message.key());
      writeBytes(out, message.value());
      writeClock(out, message.context());
      writeConsistency(out, message.consistency());
      out.writeVarInt(message.timeoutMillis(), true);
    }

    @Override
    public PutRequest read(Kryo kryo, Input in, Class<? extends PutRequest> type) {
      return new PutRequest(
          readBytes(in, WireLimits.KEY_BYTES_MAX, "key"),
          readBytes(in, WireLimits.VALUE_BYTES_MAX, "value"),
          readClock(in, nodeIds),
          readConsistency(in),
          in.readVarInt(true));
    }
  }

  /** {@code version clock | varlong ringEpoch}. */
  static final class PutResponseSerializer extends Serializer<PutResponse> {
    private final NodeIdCache nodeIds;

    PutResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, PutResponse message) {
      writeClock(out, message.version());
      out.writeVarLong(message.ringEpoch(), true);
    }

    @Override
    public PutResponse read(Kryo kryo, Input in, Class<? extends PutResponse> type) {
      return new PutResponse(readClock(in, nodeIds), in.readVarLong(true));
    }
  }

  /** {@code key | context clock | consistency | varint timeoutMillis}. */
  static final class DeleteRequestSerializer extends Serializer<DeleteRequest> {
    private final NodeIdCache nodeIds;

    DeleteRequestSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, DeleteRequest message) {
      writeBytes(out, message.key());
      writeClock(out, message.context());
      writeConsistency(out, message.consistency());
      out.writeVarInt(message.timeoutMillis(), true);
    }

    @Override
    public DeleteRequest read(Kryo kryo, Input in, Class<? extends DeleteRequest> type) {
      return new DeleteRequest(
          readBytes(in, WireLimits.KEY_BYTES_MAX, "key"),
          readClock(in, nodeIds),
          readConsistency(in),
          in.readVarInt(true));
    }
  }

  /** {@code version clock | varlong ringEpoch}. */
  static final class DeleteResponseSerializer extends Serializer<DeleteResponse> {
    private final NodeIdCache nodeIds;

    DeleteResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, DeleteResponse message) {
      writeClock(out, message.version());
      out.writeVarLong(message.ringEpoch(), true);
    }

    @Override
    public DeleteResponse read(Kryo kryo, Input in, Class<? extends DeleteResponse> type) {
      return new DeleteResponse(readClock(in, nodeIds), in.readVarLong(true));
    }
  }

  /** {@code varint code ordinal | UTF-8 message}. */
  static final class ErrorResponseSerializer extends Serializer<ErrorResponse> {
    @Override
    public void write(Kryo kryo, Output out, ErrorResponse message) {
      WireFields.writeEnum(out, message.code());
      WireFields.writeString(out, message.message());
    }

    @Override
    public ErrorResponse read(Kryo kryo, Input in, Class<? extends ErrorResponse> type) {
      return new ErrorResponse(
          WireFields.readEnum(in, ERROR_CODES, "error code"),
          WireFields.readString(in, WireFields.ERROR_MESSAGE_BYTES_MAX, "error message"));
    }
  }

  /** {@code varint replicasAnswered | varint replicasRequired | varint replicasAsked}. */
  static final class QuorumFailedResponseSerializer extends Serializer<QuorumFailedResponse> {
    @Override
    public void write(Kryo kryo, Output out, QuorumFailedResponse message) {
      out.writeVarInt(message.replicasAnswered(), true);
      out.writeVarInt(message.replicasRequired(), true);
      out.writeVarInt(message.replicasAsked(), true);
    }

    @Override
    public QuorumFailedResponse read(
        Kryo kryo, Input in, Class<? extends QuorumFailedResponse> type) {
      return new QuorumFailedResponse(
          in.readVarInt(true), in.readVarInt(true), in.readVarInt(true));
    }
  }

  /** {@code identity | clientNonce}, both with a varint length. */
  static final class AuthStartSerializer extends Serializer<AuthStart> {
    private static final int IDENTITY_BYTES_MAX = 3 * WireLimits.AUTH_IDENTITY_CHARS_MAX;

    @Override
    public void write(Kryo kryo, Output out, AuthStart message) {
      WireFields.writeString(out, message.identity());
      writeBytes(out, message.clientNonce());
    }

    @Override
    public AuthStart read(Kryo kryo, Input in, Class<? extends AuthStart> type) {
      String identity = WireFields.readString(in, IDENTITY_BYTES_MAX, "identity");
      byte[] nonce = readBytes(in, WireLimits.AUTH_NONCE_BYTES, "client nonce");
      return checked(() -> new AuthStart(identity, nonce));
    }
  }

  /** {@code serverNonce} with a varint length. */
  static final class AuthChallengeSerializer extends Serializer<AuthChallenge> {
    @Override
    public void write(Kryo kryo, Output out, AuthChallenge message) {
      writeBytes(out, message.serverNonce());
    }

    @Override
    public AuthChallenge read(Kryo kryo, Input in, Class<? extends AuthChallenge> type) {
      byte[] nonce = readBytes(in, WireLimits.AUTH_NONCE_BYTES, "server nonce");
      return checked(() -> new AuthChallenge(nonce));
    }
  }

  /** {@code proof} with a varint length. */
  static final class AuthProofSerializer extends Serializer<AuthProof> {
    @Override
    public void write(Kryo kryo, Output out, AuthProof message) {
      writeBytes(out, message.proof());
    }

    @Override
    public AuthProof read(Kryo kryo, Input in, Class<? extends AuthProof> type) {
      byte[] proof = readBytes(in, WireLimits.AUTH_PROOF_BYTES, "proof");
      return checked(() -> new AuthProof(proof));
    }
  }

  /** {@code serverProof} with a varint length. */
  static final class AuthOkSerializer extends Serializer<AuthOk> {
    @Override
    public void write(Kryo kryo, Output out, AuthOk message) {
      writeBytes(out, message.serverProof());
    }

    @Override
    public AuthOk read(Kryo kryo, Input in, Class<? extends AuthOk> type) {
      byte[] proof = readBytes(in, WireLimits.AUTH_PROOF_BYTES, "server proof");
      return checked(() -> new AuthOk(proof));
    }
  }

  /** {@code make}'s message; a field it rejects is a malformed frame. */
  private static <T> T checked(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new MalformedFrameException(e.getMessage());
    }
  }

  /** No fields. */
  static final class NodeInfoRequestSerializer extends Serializer<NodeInfoRequest> {
    @Override
    public void write(Kryo kryo, Output out, NodeInfoRequest message) {}

    @Override
    public NodeInfoRequest read(Kryo kryo, Input in, Class<? extends NodeInfoRequest> type) {
      return new NodeInfoRequest();
    }
  }

  /** {@code varint fields | fields x (name | value)}, strings as UTF-8 with a varint length. */
  static final class NodeInfoResponseSerializer extends Serializer<NodeInfoResponse> {
    private static final int NAME_BYTES_MAX = 3 * WireLimits.INFO_NAME_CHARS_MAX;
    private static final int VALUE_BYTES_MAX = 3 * WireLimits.INFO_VALUE_CHARS_MAX;

    @Override
    public void write(Kryo kryo, Output out, NodeInfoResponse message) {
      out.writeVarInt(message.fields().size(), true);
      for (NodeInfoResponse.Field field : message.fields()) {
        WireFields.writeString(out, field.name());
        WireFields.writeString(out, field.value());
      }
    }

    @Override
    public NodeInfoResponse read(Kryo kryo, Input in, Class<? extends NodeInfoResponse> type) {
      int count = WireFields.readCount(in, WireLimits.INFO_FIELDS_MAX, 2, "info fields");
      List<NodeInfoResponse.Field> fields = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String name = WireFields.readString(in, NAME_BYTES_MAX, "info field name");
        String value = WireFields.readString(in, VALUE_BYTES_MAX, "info field value");
        try {
          fields.add(new NodeInfoResponse.Field(name, value));
        } catch (IllegalArgumentException e) {
          throw new MalformedFrameException(e.getMessage());
        }
      }
      return new NodeInfoResponse(fields);
    }
  }

  /** No fields. */
  static final class RingRequestSerializer extends Serializer<RingRequest> {
    @Override
    public void write(Kryo kryo, Output out, RingRequest message) {}

    @Override
    public RingRequest read(Kryo kryo, Input in, Class<? extends RingRequest> type) {
      return new RingRequest();
    }
  }

  /**
   * {@code varlong epoch | varint replicationFactor | varint vnodesPerUnitWeight | varint
   * fallbacksMax | varint members | members x (node id | host | varint port | zone | float64 weight
   * | varint tokens | tokens x int64)}, fixed-width numbers little-endian.
   */
  static final class RingResponseSerializer extends Serializer<RingResponse> {
    /**
     * Fewest bytes a member takes: 2-byte node id, empty host, 1-byte port, empty zone, weight,
     * 1-byte token count and one token.
     */
    private static final int MEMBER_BYTES_MIN = 2 + 1 + 1 + 1 + Double.BYTES + 1 + Long.BYTES;

    private static final int HOST_BYTES_MAX = 3 * WireLimits.HOST_CHARS_MAX;
    private static final int ZONE_BYTES_MAX = 3 * WireLimits.ZONE_CHARS_MAX;

    private final NodeIdCache nodeIds;

    RingResponseSerializer(NodeIdCache nodeIds) {
      this.nodeIds = nodeIds;
    }

    @Override
    public void write(Kryo kryo, Output out, RingResponse message) {
      out.writeVarLong(message.epoch(), true);
      out.writeVarInt(message.replicationFactor(), true);
      out.writeVarInt(message.vnodesPerUnitWeight(), true);
      out.writeVarInt(message.fallbacksMax(), true);
      out.writeVarInt(message.members().size(), true);
      for (RingResponse.MemberTokens member : message.members()) {
        writeMember(out, member);
      }
    }

    private static void writeMember(Output out, RingResponse.MemberTokens memberTokens) {
      Member member = memberTokens.member();
      WireFields.writeNodeId(out, member.id());
      WireFields.writeString(out, member.host());
      out.writeVarInt(member.port(), true);
      WireFields.writeString(out, member.zone());
      out.writeDouble(member.weight());
      out.writeVarInt(memberTokens.tokens().length, true);
      for (long token : memberTokens.tokens()) {
        out.writeLong(token);
      }
    }

    @Override
    public RingResponse read(Kryo kryo, Input in, Class<? extends RingResponse> type) {
      long epoch = in.readVarLong(true);
      int replicationFactor = in.readVarInt(true);
      int vnodesPerUnitWeight = in.readVarInt(true);
      int fallbacksMax = in.readVarInt(true);
      int count =
          WireFields.readCount(in, WireLimits.RING_MEMBERS_MAX, MEMBER_BYTES_MIN, "ring members");
      List<RingResponse.MemberTokens> members = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        members.add(readMember(in));
      }
      return new RingResponse(epoch, replicationFactor, vnodesPerUnitWeight, fallbacksMax, members);
    }

    private RingResponse.MemberTokens readMember(Input in) {
      NodeId id = WireFields.readNodeId(in, nodeIds);
      String host = WireFields.readString(in, HOST_BYTES_MAX, "member host");
      int port = in.readVarInt(true);
      String zone = WireFields.readString(in, ZONE_BYTES_MAX, "member zone");
      double weight = in.readDouble();
      Member member = new Member(id, host, port, zone, weight);
      return new RingResponse.MemberTokens(member, readTokens(in));
    }

    private static long[] readTokens(Input in) {
      int count =
          WireFields.readCount(in, WireLimits.RING_MEMBER_TOKENS_MAX, Long.BYTES, "member tokens");
      long[] tokens = new long[count];
      for (int i = 0; i < count; i++) {
        tokens[i] = in.readLong();
      }
      return tokens;
    }
  }
}
