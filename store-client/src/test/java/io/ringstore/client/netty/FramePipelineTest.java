package io.ringstore.client.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DecodeResult;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.FrameTooLargeException;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.ProtocolError;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The shared pipeline head (decoder, codec, bad frames) on an {@link EmbeddedChannel}. */
class FramePipelineTest {
  private static final FrameLimits LIMITS = new FrameLimits(FrameLimits.FRAME_BYTES_MAX_FLOOR);
  private static final byte[] UNKNOWN_TYPE_ID_42 = {
    0, 0, 0, 4, FrameCodec.PROTOCOL_VERSION, (byte) 0xE7, 0x07, 42
  };

  private final FrameCodec codec = new FrameCodec(LIMITS);

  private static EmbeddedChannel channel(BadFrameHandler.Reply reply) {
    EmbeddedChannel channel = new EmbeddedChannel();
    FramePipeline.install(channel.pipeline(), LIMITS, reply);
    return channel;
  }

  private static Frame frame(long requestId, io.ringstore.core.wire.Message message) {
    return new Frame(FrameCodec.PROTOCOL_VERSION, requestId, message);
  }

  @Test
  void framesSplitAndJoinedAcrossReadsDecodeInOrder() {
    EmbeddedChannel channel = channel(BadFrameHandler.Reply.NONE);
    byte[] first = codec.encode(1, new Ping(10));
    byte[] second = codec.encode(2, new Pong(20));
    byte[] both = concat(first, second);
    for (int i = 0; i < both.length; i++) {
      channel.writeInbound(Unpooled.wrappedBuffer(both, i, 1));
    }
    channel.writeInbound(Unpooled.wrappedBuffer(both));
    assertThat((Object) channel.readInbound()).isEqualTo(frame(1, new Ping(10)));
    assertThat((Object) channel.readInbound()).isEqualTo(frame(2, new Pong(20)));
    assertThat((Object) channel.readInbound()).isEqualTo(frame(1, new Ping(10)));
    assertThat((Object) channel.readInbound()).isEqualTo(frame(2, new Pong(20)));
    assertThat((Object) channel.readInbound()).isNull();
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void outboundFramesEncodeToWhatTheCodecDecodes() {
    EmbeddedChannel channel = channel(BadFrameHandler.Reply.NONE);
    channel.writeOutbound(frame(5, new Ping(55)));
    ByteBuf bytes = channel.readOutbound();
    byte[] array = new byte[bytes.readableBytes()];
    bytes.readBytes(array);
    bytes.release();
    assertThat(codec.decode(array)).isEqualTo(new DecodeResult.Decoded(frame(5, new Ping(55))));
  }

  /**
   * A fan-out writes one replica request object to several connections from one thread: its body is
   * serialized once. Shown by changing the value between the two writes (messages are immutable by
   * contract; this test breaks the contract to see the reuse): the second connection still carries
   * the bytes serialized for the first. A different request object is serialized anew.
   */
  @Test
  void aPeerRequestWrittenToSeveralConnectionsIsSerializedOnce() {
    byte[] value = {1, 2, 3};
    ReplicaPutRequest request =
        new ReplicaPutRequest(new byte[] {9}, Versioned.of(VectorClock.empty(), 1, value));

    byte[] first = written(channel(BadFrameHandler.Reply.NONE), frame(1, request));
    value[0] = 7;
    byte[] second = written(channel(BadFrameHandler.Reply.NONE), frame(2, request));
    ReplicaPutRequest copy = new ReplicaPutRequest(request.key(), request.version());
    byte[] third = written(channel(BadFrameHandler.Reply.NONE), frame(3, copy));

    assertThat(valueOf(first)).containsExactly(1, 2, 3);
    assertThat(valueOf(second)).containsExactly(1, 2, 3);
    assertThat(valueOf(third)).containsExactly(7, 2, 3);
    assertThat(((DecodeResult.Decoded) codec.decode(second)).frame().requestId()).isEqualTo(2);
  }

  private static byte[] written(EmbeddedChannel channel, Frame frame) {
    channel.writeOutbound(frame);
    ByteBuf bytes = channel.readOutbound();
    byte[] array = new byte[bytes.readableBytes()];
    bytes.readBytes(array);
    bytes.release();
    return array;
  }

  private byte[] valueOf(byte[] frame) {
    Frame decoded = ((DecodeResult.Decoded) codec.decode(frame)).frame();
    return ((ReplicaPutRequest) decoded.message()).version().value();
  }

  @Test
  void aMessageTooLargeForAFrameFailsItsWriteAndSendsNothing() {
    EmbeddedChannel channel = channel(BadFrameHandler.Reply.NONE);
    byte[] value = new byte[LIMITS.frameBytesMax() + 1];
    PutRequest put =
        new PutRequest(new byte[] {1}, value, VectorClock.empty(), Consistency.nodeDefault(), 0);
    ChannelFuture write = channel.writeOneOutbound(frame(6, put));
    channel.flushOutbound();
    assertThat(write.cause()).isInstanceOf(FrameTooLargeException.class);
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void anOversizedLengthIsRejectedBeforeBufferingAndClosesTheConnection() {
    EmbeddedChannel channel = channel(BadFrameHandler.Reply.ERROR_RESPONSE);
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, 0}));
    assertThat(channel.isOpen()).isFalse();
    assertThat(channel.attr(BadFrameHandler.CLOSE_REASON).get().kind())
        .isEqualTo(ProtocolError.Kind.OVERSIZED);
    assertThat((Object) channel.readOutbound()).as("no request id, no answer").isNull();
    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void theDecoderDiscardsEverythingAfterAnOversizedLength() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(codec));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x7f, 0, 0, 0, 1, 2}));
    BadFrame bad = channel.readInbound();
    assertThat(bad.error().kind()).isEqualTo(ProtocolError.Kind.OVERSIZED);
    assertThat(bad.requestId()).isEmpty();
    channel.writeInbound(Unpooled.wrappedBuffer(codec.encode(1, new Ping(1))));
    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void anUnknownTypeOnAServerIsAnsweredWithItsRequestIdThenClosed() {
    EmbeddedChannel channel = channel(BadFrameHandler.Reply.ERROR_RESPONSE);
    channel.writeInbound(Unpooled.wrappedBuffer(UNKNOWN_TYPE_ID_42));
    ByteBuf answer = channel.readOutbound();
    byte[] array = new byte[answer.readableBytes()];
    answer.readBytes(array);
    answer.release();
    Frame frame = ((DecodeResult.Decoded) codec.decode(array)).frame();
    assertThat(frame.requestId()).isEqualTo(42);
    assertThat(((ErrorResponse) frame.message()).code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    assertThat(((ErrorResponse) frame.message()).message()).contains("UNKNOWN_TYPE");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aClientClosesOnABadFrameWithoutAnswering() {
    EmbeddedChannel channel = channel(BadFrameHandler.Reply.NONE);
    channel.writeInbound(Unpooled.wrappedBuffer(UNKNOWN_TYPE_ID_42));
    assertThat((Object) channel.readOutbound()).isNull();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void framesAfterABadFrameInTheSameReadAreDropped() {
    EmbeddedChannel channel = channel(BadFrameHandler.Reply.NONE);
    byte[] badThenGood = concat(UNKNOWN_TYPE_ID_42, codec.encode(1, new Ping(1)));
    channel.writeInbound(Unpooled.wrappedBuffer(badThenGood));
    assertThat((Object) channel.readInbound()).isNull();
  }

  @Test
  void theRequestIdIsReadOnlyFromAReadableHeader() {
    assertThat(MessageCodec.peekRequestId(UNKNOWN_TYPE_ID_42, UNKNOWN_TYPE_ID_42.length))
        .hasValue(42);
    byte[] wrongVersion = UNKNOWN_TYPE_ID_42.clone();
    wrongVersion[4] = 9;
    assertThat(MessageCodec.peekRequestId(wrongVersion, wrongVersion.length)).isEmpty();
    byte[] cut = Arrays.copyOf(UNKNOWN_TYPE_ID_42, 6);
    assertThat(MessageCodec.peekRequestId(cut, cut.length)).isEmpty();
    byte[] oneWay = UNKNOWN_TYPE_ID_42.clone();
    oneWay[7] = 0;
    assertThat(MessageCodec.peekRequestId(oneWay, oneWay.length)).isEmpty();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
