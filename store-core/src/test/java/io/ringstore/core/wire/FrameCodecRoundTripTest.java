package io.ringstore.core.wire;

import static io.ringstore.core.wire.WireSamples.assertSameMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import io.ringstore.core.version.Versioned;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every message survives encode then decode unchanged, and the frame layout is pinned. */
class FrameCodecRoundTripTest {
  private final FrameCodec codec = new FrameCodec(FrameLimits.defaults());

  static List<Arguments> small() {
    return WireSamples.small();
  }

  static List<Arguments> large() {
    return WireSamples.large();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"small", "large"})
  void messageRoundTrips(String name, Message message) {
    Frame frame = decodeOk(codec.encode(42, message));

    assertThat(frame.protocolVersion()).isEqualTo(FrameCodec.PROTOCOL_VERSION);
    assertThat(frame.requestId()).isEqualTo(42);
    assertThat(frame.message()).isInstanceOf(message.getClass());
    assertSameMessage(frame.message(), message);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 127, 128, Long.MAX_VALUE, -1, Long.MIN_VALUE})
  void requestIdRoundTrips(long requestId) {
    assertThat(decodeOk(codec.encode(requestId, new Ping(1))).requestId()).isEqualTo(requestId);
  }

  @Test
  void tombstoneAndEmptyValueStayDistinct() {
    Versioned[] versions = WireSamples.siblings(3);
    GetResponse decoded =
        (GetResponse) decodeOk(codec.encode(1, new GetResponse(versions))).message();

    assertThat(decoded.versions()[0].value()).isEmpty();
    assertThat(decoded.versions()[2].isTombstone()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"small", "large"})
  void aBodyEncodedOnceFramesToTheSameBytesUnderAnyRequestId(String name, Message message) {
    FrameCodec.EncodedBody body = codec.encodeBody(message);
    for (long requestId : new long[] {1, 300, Long.MAX_VALUE}) {
      Output output = new Output(16, -1);
      int frameBytes = codec.encode(requestId, body, output);

      assertThat(Arrays.copyOf(output.getBuffer(), frameBytes))
          .isEqualTo(codec.encode(requestId, message));
    }
  }

  @Test
  void aBodyTooLargeForAFrameThrows() {
    FrameCodec small = new FrameCodec(new FrameLimits(FrameLimits.FRAME_BYTES_MAX_FLOOR));
    Message tooLarge = new ReplicaGetResponse(bigSiblings(3));

    assertThatThrownBy(() -> small.encodeBody(tooLarge)).isInstanceOf(FrameTooLargeException.class);
  }

  @Test
  void frameLayoutIsPinned() {
    byte[] frame = codec.encode(300, new Ping(0x0102030405060708L));

    assertThat(HexFormat.of().formatHex(frame))
        .as("length 13 | version 1 | type 200 | request 300 | int64 little-endian")
        .isEqualTo("0000000d" + "01" + "c801" + "ac02" + "0807060504030201");
  }

  @Test
  void encodeAppendsFramesToAReusedOutput() {
    Output output = new Output(16, -1);
    int first = codec.encode(1, WireSamples.typicalPut(), output);
    int second = codec.encode(2, new Pong(7), output);

    byte[] bytes = output.getBuffer();
    assertThat(output.position()).isEqualTo(first + second);
    assertSameMessage(decodeOk(bytes, 0, first).message(), WireSamples.typicalPut());
    assertThat(decodeOk(bytes, first, second).message()).isEqualTo(new Pong(7));
  }

  @Test
  void encodingAFrameOverTheMaximumThrowsAndRestoresTheOutput() {
    FrameCodec small = new FrameCodec(new FrameLimits(FrameLimits.FRAME_BYTES_MAX_FLOOR));
    Message tooLarge = new ReplicaGetResponse(bigSiblings(3));
    Output output = new Output(16, -1);
    small.encode(1, new Ping(1), output);
    int position = output.position();

    assertThatThrownBy(() -> small.encode(2, tooLarge, output))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageContaining("ReplicaGetResponse")
        .hasMessageContaining(Integer.toString(FrameLimits.FRAME_BYTES_MAX_FLOOR));
    assertThat(output.position()).isEqualTo(position);
    assertThatThrownBy(() -> small.encode(2, tooLarge)).isInstanceOf(FrameTooLargeException.class);
    assertThat(decodeOk(small.encode(3, new Pong(3)), small).message()).isEqualTo(new Pong(3));
  }

  @Test
  void encodingAClockOverTheWireMaximumThrows() {
    Message message = new PutResponse(WireSamples.clock(WireLimits.CLOCK_ENTRIES_MAX + 1));

    assertThatThrownBy(() -> codec.encode(1, message))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vector clock entries");
  }

  private static Versioned[] bigSiblings(int count) {
    Versioned[] versions = new Versioned[count];
    for (int i = 0; i < count; i++) {
      versions[i] =
          Versioned.of(WireSamples.clock(1), i, new byte[FrameLimits.FRAME_BYTES_MAX_FLOOR / 2]);
    }
    return versions;
  }

  private Frame decodeOk(byte[] bytes) {
    return decodeOk(bytes, codec);
  }

  private Frame decodeOk(byte[] bytes, int offset, int length) {
    DecodeResult result = codec.decode(bytes, offset, length);
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return ((DecodeResult.Decoded) result).frame();
  }

  private static Frame decodeOk(byte[] bytes, FrameCodec codec) {
    DecodeResult result = codec.decode(bytes);
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return ((DecodeResult.Decoded) result).frame();
  }
}
