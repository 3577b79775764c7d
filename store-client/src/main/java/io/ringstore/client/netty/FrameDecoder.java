package io.ringstore.client.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.ProtocolError;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
 * <p><b>Deadline.</b> Given a frame deadline, a frame must arrive whole within one to two deadlines
 * of its first byte: a check on the channel's event loop runs every deadline, and a frame partly
 * buffered at two checks in a row, with none completed between, makes the decoder emit a {@link
 * BadFrame} of {@link ProtocolError.Kind#TOO_SLOW}, so that a connection that dribbles bytes in
 * (slowloris) cannot hold a buffer and a connection for ever.
 *
 * <p><b>Pitfalls.</b> One instance per channel (it keeps the cumulation buffer and the failed
 * state). It shares the channel's {@link FrameCodec} with {@link MessageCodec}; both run on the
 * channel's event loop, which is what makes sharing the non-thread-safe codec safe.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  private final FrameCodec codec;
  private final long frameDeadlineMillis;
  private boolean failed;
  private boolean partialFrame;
  private long framesDecoded;
  private boolean partialAtLastCheck;
  private long framesAtLastCheck;
  private ScheduledFuture<?> checks;

  /** A decoder checking lengths against {@code codec}'s limits, with no frame deadline. */
  public FrameDecoder(FrameCodec codec) {
    this(codec, 0);
  }

  /**
   * A decoder checking lengths against {@code codec}'s limits and closing the stream of a frame
   * that takes longer than {@code frameDeadlineMillis} to arrive (0: no deadline).
   */
  public FrameDecoder(FrameCodec codec, long frameDeadlineMillis) {
    if (frameDeadlineMillis < 0) {
      throw new IllegalArgumentException("frameDeadlineMillis must not be negative");
    }
    this.codec = codec;
    this.frameDeadlineMillis = frameDeadlineMillis;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (frameDeadlineMillis > 0) {
      checks =
          ctx.executor()
              .scheduleAtFixedRate(
                  () -> check(ctx),
                  frameDeadlineMillis,
                  frameDeadlineMillis,
                  TimeUnit.MILLISECONDS);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < FrameCodec.LENGTH_PREFIX_BYTES) {
      partialFrame = true;
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
      partialFrame = false;
      framesDecoded++;
      out.add(in.readRetainedSlice(wholeFrameBytes));
    } else {
      partialFrame = true;
    }
  }

  /**
   * Runs every deadline on the channel's event loop: a frame that was partly buffered at the last
   * check and still is, with no frame completed since, has taken longer than the deadline. One
   * timer per connection, none per frame, so the request path pays two field writes per frame.
   */
  private void check(ChannelHandlerContext ctx) {
    if (failed) {
      return;
    }
    if (partialFrame && partialAtLastCheck && framesDecoded == framesAtLastCheck) {
      failed = true;
      ctx.fireChannelRead(
          BadFrame.withoutRequestId(
              new ProtocolError(
                  ProtocolError.Kind.TOO_SLOW,
                  "a frame did not arrive whole within " + frameDeadlineMillis + " ms")));
      return;
    }
    partialAtLastCheck = partialFrame;
    framesAtLastCheck = framesDecoded;
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (checks != null) {
      checks.cancel(false);
    }
  }
}
