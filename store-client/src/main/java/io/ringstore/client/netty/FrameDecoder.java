package io.ringstore.client.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.ProtocolError;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a byte stream into frames: emits one {@link ByteBuf} per frame, length prefix included,
 * exactly what {@link FrameCodec#decode(byte[], int, int)} takes.
 *
 * <p>The length prefix is checked with {@link FrameCodec#checkDeclaredLength} as soon as its four
 * bytes arrive, so an oversized or too-small declared length is rejected before a single byte of
 * the frame is buffered: a peer cannot make this node allocate more than {@link
 * io.ringstore.core.wire.FrameLimits#frameBytesMax()} per connection. On such a prefix the decoder
 * emits one {@link BadFrame} and from then on discards everything the connection sends, since the
 * stream is out of step; {@link BadFrameHandler} closes the connection.
 *
 * <p><b>Pitfalls.</b> One instance per channel (it keeps the cumulation buffer and the failed
 * state). It shares the channel's {@link FrameCodec} with {@link MessageCodec}; both run on the
 * channel's event loop, which is what makes sharing the non-thread-safe codec safe.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final FrameCodec codec;
  private boolean failed;

  /** A decoder checking lengths against {@code codec}'s limits. */
  public FrameDecoder(FrameCodec codec) {
    this.codec = codec;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed || in.readableBytes() < FrameCodec.LENGTH_PREFIX_BYTES) {
      in.skipBytes(failed ? in.readableBytes() : 0);
      return;
    }
    int frameBytes = in.getInt(in.readerIndex());
    Optional<ProtocolError> lengthError = codec.checkDeclaredLength(frameBytes);
    if (lengthError.isPresent()) {
      failed = true;
      in.skipBytes(in.readableBytes());
      out.add(BadFrame.withoutRequestId(lengthError.get()));
      return;
    }
    int wholeFrameBytes = FrameCodec.LENGTH_PREFIX_BYTES + frameBytes;
    if (in.readableBytes() >= wholeFrameBytes) {
      out.add(in.readRetainedSlice(wholeFrameBytes));
    }
  }
}
