package io.ringstore.client.netty;

import io.netty.channel.ChannelPipeline;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameLimits;

/**
 * Installs the handlers every ringstore connection starts with, client and server alike:
 *
 * <pre>
 *   {@value #FRAME_DECODER}  bytes -> one ByteBuf per frame, declared length checked first
 *   {@value #MESSAGE_CODEC}  frame bytes <-> Frame (or BadFrame inbound)
 *   {@value #BAD_FRAMES}     BadFrame -> log, maybe answer, close
 * </pre>
 *
 * The caller appends what follows: flush consolidation and dispatch on a server, the connection's
 * response router on a client.
 */
public final class FramePipeline {
  /** Name of the {@link FrameDecoder}. */
  public static final String FRAME_DECODER = "frameDecoder";

  /** Name of the {@link MessageCodec}. */
  public static final String MESSAGE_CODEC = "messageCodec";

  /** Name of the {@link BadFrameHandler}. */
  public static final String BAD_FRAMES = "badFrames";

  private FramePipeline() {}

  /** Appends the three handlers, sharing one new {@link FrameCodec} between the first two. */
  public static void install(
      ChannelPipeline pipeline, FrameLimits limits, BadFrameHandler.Reply reply) {
    install(pipeline, limits, 0, new BadFrameHandler(reply));
  }

  /**
   * Appends the three handlers, the decoder with a frame deadline ({@code frameDeadlineMillis}, 0
   * for none) and {@code badFrames} last.
   */
  public static void install(
      ChannelPipeline pipeline,
      FrameLimits limits,
      long frameDeadlineMillis,
      BadFrameHandler badFrames) {
    FrameCodec codec = new FrameCodec(limits);
    pipeline.addLast(FRAME_DECODER, new FrameDecoder(codec, frameDeadlineMillis));
    pipeline.addLast(MESSAGE_CODEC, new MessageCodec(codec));
    pipeline.addLast(BAD_FRAMES, badFrames);
  }
}
