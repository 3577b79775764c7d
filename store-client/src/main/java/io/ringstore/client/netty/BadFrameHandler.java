package io.ringstore.client.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.ProtocolError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that sent a bad frame, after logging why and, on a server, answering the
 * request with an {@link ErrorResponse} of {@link ErrorCode#PROTOCOL_ERROR} when its id is known.
 * Only that connection closes; the node keeps serving every other one (DESIGN.md, "Wire").
 *
 * <p>After the first bad frame the byte stream cannot be trusted to be in step, so this handler
 * stops reading and drops every later message of the connection, including frames that were already
 * decoded in the same read. The reason is kept in the channel attribute {@link #CLOSE_REASON} so
 * that the last handler can name it when it fails the connection's pending requests.
 *
 * <p><b>Pitfalls.</b> Install it after {@link MessageCodec} and before any flush-consolidating
 * handler, so that the error response is flushed before the close. Sharable: it keeps its state in
 * the channel.
 */
@io.netty.channel.ChannelHandler.Sharable
public final class BadFrameHandler extends ChannelInboundHandlerAdapter {
  /** Why the connection was closed, set on the channel when a bad frame arrives. */
  public static final AttributeKey<ProtocolError> CLOSE_REASON =
      AttributeKey.valueOf(BadFrameHandler.class, "closeReason");

  private static final Logger LOG = LoggerFactory.getLogger(BadFrameHandler.class);

  /** Whether the side that received the bad frame answers it. */
  public enum Reply {
    /** A server: answer with an {@link ErrorResponse} when the request id is known, then close. */
    ERROR_RESPONSE,
    /** A client: a server's response cannot be answered; just close. */
    NONE
  }

  /** Hears of each connection closed for a bad frame; a server counts and rate-limits these. */
  public interface Listener {
    /** The connection of {@code ctx} is closed for {@code error}. */
    void rejected(ChannelHandlerContext ctx, ProtocolError error);
  }

  /** Logs each bad frame as a warning: what a client does with a server's bad frame. */
  public static final Listener LOG_EACH =
      (ctx, error) ->
          LOG.warn(
              "closing the connection with {}: bad frame: {}",
              ctx.channel().remoteAddress(),
              error);

  private final Reply reply;
  private final Listener listener;

  /** A handler that answers bad frames as {@code reply} says and logs each. */
  public BadFrameHandler(Reply reply) {
    this(reply, LOG_EACH);
  }

  /** A handler that answers bad frames as {@code reply} says and tells {@code listener}. */
  public BadFrameHandler(Reply reply, Listener listener) {
    this.reply = reply;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (ctx.channel().hasAttr(CLOSE_REASON)) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof BadFrame bad) {
      reject(ctx, bad);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  private void reject(ChannelHandlerContext ctx, BadFrame bad) {
    ProtocolError error = bad.error();
    ctx.channel().attr(CLOSE_REASON).set(error);
    ctx.channel().config().setAutoRead(false);
    listener.rejected(ctx, error);
    if (reply == Reply.ERROR_RESPONSE && bad.requestId().isPresent()) {
      ErrorResponse response = ErrorResponse.of(ErrorCode.PROTOCOL_ERROR, error.toString());
      Frame frame = new Frame(FrameCodec.PROTOCOL_VERSION, bad.requestId().getAsLong(), response);
      ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }
}
