package io.ringstore.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of bad frame yields its typed protocol error, quickly and without allocating. */
class FrameCodecBadFrameTest {
  private static final int GET_REQUEST_ID = 10;
  private static final int PUT_REQUEST_ID = 12;
  private static final int GET_RESPONSE_ID = 11;
  private static final int REPLICA_PUT_RESPONSE_ID = 103;
  private static final int RING_RESPONSE_ID = 19;
  private static final int HOSTILE_LENGTH = 2_000_000_000;
  private static final Duration HOSTILE_DECODE_MAX = Duration.ofMillis(100);

  private final FrameCodec codec = new FrameCodec(FrameLimits.defaults());

  static List<Arguments> small() {
    return WireSamples.small();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("small")
  void aFrameCutAtAnyByteIsTruncated(String name, Message message) {
    byte[] frame = codec.encode(7, message);

    for (int length = 0; length < frame.length; length++) {
      assertError(codec.decode(frame, 0, length), ProtocolError.Kind.TRUNCATED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("small")
  void aBodyCutShortWithAMatchingLengthPrefixIsMalformed(String name, Message message) {
    byte[] frame = codec.encode(7, message);

    for (int length = FrameCodec.LENGTH_PREFIX_BYTES; length < frame.length; length++) {
      byte[] cut = withLengthPrefix(Arrays.copyOf(frame, length));
      assertError(codec.decode(cut), ProtocolError.Kind.MALFORMED);
    }
  }

  @Test
  void aDeclaredLengthOverTheMaximumIsOversizedBeforeBuffering() {
    int tooLong = FrameLimits.FRAME_BYTES_MAX_DEFAULT + 1;
    byte[] prefixOnly = {0x02, 0x00, 0x00, 0x01};

    assertThat(codec.checkDeclaredLength(tooLong))
        .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(ProtocolError.Kind.OVERSIZED));
    assertThat(codec.checkDeclaredLength(FrameLimits.FRAME_BYTES_MAX_DEFAULT)).isEmpty();
    assertError(codec.decode(prefixOnly), ProtocolError.Kind.OVERSIZED);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE, 0, FrameCodec.HEADER_BYTES_MIN - 1})
  void aNegativeOrTooSmallDeclaredLengthIsMalformed(int declared) {
    assertThat(codec.checkDeclaredLength(declared))
        .hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(ProtocolError.Kind.MALFORMED));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 0x7F, 0xFF})
  void anotherProtocolVersionIsUnsupported(int version) {
    byte[] frame = frame(version, GET_REQUEST_ID, 1, out -> {});

    assertError(codec.decode(frame), ProtocolError.Kind.UNSUPPORTED_VERSION);
  }

  @ParameterizedTest
  @ValueSource(
      ints = {0, 1, 9, 28, 29, 34, 99, 105, 199, 209, 305, 999, 1000, Integer.MAX_VALUE, -1})
  void anUnassignedTypeIdIsUnknown(int typeId) {
    byte[] frame = frame(FrameCodec.PROTOCOL_VERSION, typeId, 1, out -> out.writeLong(0));

    assertError(codec.decode(frame), ProtocolError.Kind.UNKNOWN_TYPE);
  }

  @ParameterizedTest
  @ValueSource(classes = {HashMap.class, ProcessBuilder.class, Canary.class})
  void aFrameNamingAClassInKryoFormatIsUnknownAndNothingIsCreated(Class<?> type) {
    byte[] frame =
        frame(
            out -> {
              out.writeByte(FrameCodec.PROTOCOL_VERSION);
              writeKryoClassName(out, type);
              out.writeBytes(new byte[16]);
            });

    assertError(codec.decode(frame), ProtocolError.Kind.UNKNOWN_TYPE).contains("type id 1");
    assertThat(Canary.instances).isZero();
  }

  @Test
  void aFrameHoldingAPlainKryoObjectGraphIsUnknown() {
    Kryo plainKryo = new Kryo();
    plainKryo.setRegistrationRequired(false);
    HashMap<String, String> map = new HashMap<>();
    map.put("k", "v");
    byte[] frame =
        frame(
            out -> {
              out.writeByte(FrameCodec.PROTOCOL_VERSION);
              plainKryo.writeClassAndObject(out, map);
            });

    assertError(codec.decode(frame), ProtocolError.Kind.UNKNOWN_TYPE);
  }

  @Test
  void aKeyClaimingTwoBillionBytesIsMalformedWithoutAllocating() {
    byte[] frame = putWithKeyLength(HOSTILE_LENGTH);

    DecodeResult result = assertTimeout(HOSTILE_DECODE_MAX, () -> codec.decode(frame));

    assertError(result, ProtocolError.Kind.MALFORMED).contains("key").contains("maximum");
  }

  @Test
  void aValueLengthWithinItsMaximumButBeyondTheFrameIsMalformed() {
    byte[] frame =
        frame(
            FrameCodec.PROTOCOL_VERSION,
            PUT_REQUEST_ID,
            1,
            out -> {
              WireFields.writeBytes(out, new byte[1]);
              out.writeVarInt(WireLimits.VALUE_BYTES_MAX, true);
            });

    assertError(codec.decode(frame), ProtocolError.Kind.MALFORMED).contains("frame has");
  }

  @ParameterizedTest
  @ValueSource(ints = {HOSTILE_LENGTH, -1, WireLimits.SIBLINGS_MAX + 1, WireLimits.SIBLINGS_MAX})
  void aSiblingCountTheFrameCannotHoldIsMalformed(int count) {
    byte[] frame =
        frame(FrameCodec.PROTOCOL_VERSION, GET_RESPONSE_ID, 1, out -> out.writeVarInt(count, true));

    DecodeResult result = assertTimeout(HOSTILE_DECODE_MAX, () -> codec.decode(frame));

    assertError(result, ProtocolError.Kind.MALFORMED).contains("versions");
  }

  @Test
  void aClockClaimingTwoBillionEntriesIsMalformed() {
    byte[] frame =
        frame(
            FrameCodec.PROTOCOL_VERSION,
            GET_RESPONSE_ID,
            1,
            out -> {
              out.writeVarInt(1, true);
              out.writeVarInt(HOSTILE_LENGTH, true);
            });

    assertError(codec.decode(frame), ProtocolError.Kind.MALFORMED).contains("clock entries");
  }

  @ParameterizedTest
  @ValueSource(ints = {HOSTILE_LENGTH, -1, WireLimits.RING_MEMBERS_MAX + 1, 2})
  void aRingMemberCountTheFrameCannotHoldIsMalformed(int count) {
    byte[] frame = ringResponse(out -> out.writeVarInt(count, true));

    DecodeResult result = assertTimeout(HOSTILE_DECODE_MAX, () -> codec.decode(frame));

    assertError(result, ProtocolError.Kind.MALFORMED).contains("ring members");
  }

  @ParameterizedTest
  @ValueSource(ints = {HOSTILE_LENGTH, WireLimits.RING_MEMBER_TOKENS_MAX + 1, 3})
  void aTokenCountTheFrameCannotHoldIsMalformedWithoutAllocating(int count) {
    byte[] frame =
        ringResponse(
            out -> {
              out.writeVarInt(1, true);
              WireFields.writeString(out, "node-a");
              WireFields.writeString(out, "host-a");
              out.writeVarInt(7000, true);
              WireFields.writeString(out, "");
              out.writeDouble(1.0);
              out.writeVarInt(count, true);
              out.writeLong(1L);
              out.writeLong(2L);
            });

    DecodeResult result = assertTimeout(HOSTILE_DECODE_MAX, () -> codec.decode(frame));

    assertError(result, ProtocolError.Kind.MALFORMED).contains("member tokens");
  }

  @Test
  void aRingMemberTheMemberConstructorRejectsIsMalformed() {
    byte[] frame =
        ringResponse(
            out -> {
              out.writeVarInt(1, true);
              WireFields.writeString(out, "node-a");
              WireFields.writeString(out, "host-a");
              out.writeVarInt(7000, true);
              WireFields.writeString(out, "");
              out.writeDouble(Double.NaN);
              out.writeVarInt(1, true);
              out.writeLong(1L);
            });

    assertError(codec.decode(frame), ProtocolError.Kind.MALFORMED).contains("weight");
  }

  /** A ring response of epoch 1, N=3, 8 virtual nodes, no fallbacks, then {@code members}. */
  private static byte[] ringResponse(Consumer<Output> members) {
    return frame(
        FrameCodec.PROTOCOL_VERSION,
        RING_RESPONSE_ID,
        1,
        out -> {
          out.writeVarLong(1, true);
          out.writeVarInt(3, true);
          out.writeVarInt(8, true);
          out.writeVarInt(0, true);
          members.accept(out);
        });
  }

  @Test
  void bytesAfterTheBodyInsideTheFrameAreTrailing() {
    byte[] ping = codec.encode(1, new Ping(5));
    byte[] longer = withLengthPrefix(Arrays.copyOf(ping, ping.length + 1));

    assertError(codec.decode(longer), ProtocolError.Kind.TRAILING_BYTES).contains("Ping");
  }

  @Test
  void bytesAfterTheFrameInTheBufferAreTrailing() {
    byte[] ping = codec.encode(1, new Ping(5));
    byte[] twoFrames = Arrays.copyOf(ping, ping.length * 2);
    System.arraycopy(ping, 0, twoFrames, ping.length, ping.length);

    assertError(codec.decode(twoFrames), ProtocolError.Kind.TRAILING_BYTES);
    assertThat(codec.decode(twoFrames, ping.length, ping.length))
        .isInstanceOf(DecodeResult.Decoded.class);
  }

  @Test
  void anEnumOrdinalOutOfRangeIsMalformed() {
    byte[] frame =
        frame(
            FrameCodec.PROTOCOL_VERSION,
            GET_REQUEST_ID,
            1,
            out -> {
              WireFields.writeBytes(out, new byte[1]);
              out.writeVarInt(Consistency.Level.values().length, true);
              out.writeVarInt(0, true);
            });

    assertError(codec.decode(frame), ProtocolError.Kind.MALFORMED).contains("consistency level");
  }

  @Test
  void aBooleanOtherThanZeroOrOneIsMalformed() {
    byte[] frame =
        frame(FrameCodec.PROTOCOL_VERSION, REPLICA_PUT_RESPONSE_ID, 1, out -> out.writeByte(2));

    assertError(codec.decode(frame), ProtocolError.Kind.MALFORMED).contains("applied");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bad id", "caf\u00e9"})
  void anInvalidNodeIdIsMalformed(String nodeId) {
    byte[] frame = putResponseWithClock(List.of(nodeId));

    assertError(codec.decode(frame), ProtocolError.Kind.MALFORMED).contains("node id");
  }

  @Test
  void aClockNamingANodeTwiceIsMalformed() {
    byte[] frame = putResponseWithClock(List.of("node-a", "node-a"));

    assertError(codec.decode(frame), ProtocolError.Kind.MALFORMED);
  }

  @Test
  void aFieldTheMessageConstructorRejectsIsMalformed() {
    byte[] frame =
        frame(
            FrameCodec.PROTOCOL_VERSION,
            MessageCatalog.typeIds().firstKey() + 7,
            1,
            out -> {
              out.writeVarInt(3, true);
              out.writeVarInt(3, true);
              out.writeVarInt(3, true);
            });

    assertError(codec.decode(frame), ProtocolError.Kind.MALFORMED)
        .contains("QuorumFailedResponse")
        .contains("replicasAnswered below replicasRequired");
  }

  @Test
  void theCodecStillDecodesAfterBadFrames() {
    codec.decode(putWithKeyLength(HOSTILE_LENGTH));
    codec.decode(new byte[] {1, 2});

    assertThat(codec.decode(codec.encode(1, new Ping(1)))).isInstanceOf(DecodeResult.Decoded.class);
  }

  /** Counts instances; the decoder must never create one. */
  static final class Canary {
    static int instances;

    Canary() {
      instances++;
    }
  }

  /** Writes a class the way Kryo's DefaultClassResolver.writeName does for unregistered ones. */
  private static void writeKryoClassName(Output out, Class<?> type) {
    int kryoNameMarker = 1;
    int kryoFirstNameId = 0;
    out.writeVarInt(kryoNameMarker, true);
    out.writeVarInt(kryoFirstNameId, true);
    out.writeString(type.getName());
  }

  private byte[] putWithKeyLength(int keyLength) {
    return frame(
        FrameCodec.PROTOCOL_VERSION,
        PUT_REQUEST_ID,
        1,
        out -> {
          out.writeVarInt(keyLength, true);
          out.writeBytes(new byte[32]);
        });
  }

  private static byte[] putResponseWithClock(List<String> nodeIds) {
    int putResponseId = 13;
    return frame(
        FrameCodec.PROTOCOL_VERSION,
        putResponseId,
        1,
        out -> {
          out.writeVarInt(nodeIds.size(), true);
          for (String nodeId : nodeIds) {
            WireFields.writeString(out, nodeId);
            out.writeVarLong(1, true);
            out.writeVarLong(1, true);
          }
          out.writeBytes(new byte[8]);
        });
  }

  /** A frame with a correct length prefix around a hand-written header and body. */
  static byte[] frame(int version, int typeId, long requestId, Consumer<Output> body) {
    return frame(
        out -> {
          out.writeByte(version);
          out.writeVarInt(typeId, true);
          out.writeVarLong(requestId, true);
          body.accept(out);
        });
  }

  private static byte[] frame(Consumer<Output> afterPrefix) {
    Output out = new Output(64, -1);
    out.writeInt(0);
    afterPrefix.accept(out);
    return withLengthPrefix(out.toBytes());
  }

  /** Rewrites the big-endian length prefix to match the array's length. */
  static byte[] withLengthPrefix(byte[] frame) {
    int length = frame.length - FrameCodec.LENGTH_PREFIX_BYTES;
    frame[0] = (byte) (length >>> 24);
    frame[1] = (byte) (length >>> 16);
    frame[2] = (byte) (length >>> 8);
    frame[3] = (byte) length;
    return frame;
  }

  private static AbstractStringAssert<?> assertError(DecodeResult result, ProtocolError.Kind kind) {
    assertThat(result).isInstanceOf(DecodeResult.Failed.class);
    ProtocolError error = ((DecodeResult.Failed) result).error();
    assertThat(error.kind()).as(error.toString()).isEqualTo(kind);
    return assertThat(error.message()).isNotBlank();
  }
}
