package io.ringstore.node.net;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.wire.AuthProof;
import io.ringstore.core.wire.AuthStart;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameTooLargeException;
import io.ringstore.core.wire.PeerHello;
import io.ringstore.core.wire.PeerWelcome;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a server connection: hands each decoded {@link Request} to the node's {@link
 * RequestHandler} and writes its {@link Response} back with the request's id, from whatever thread
 * the handler answers on (the write hops to the connection's event loop).
 *
 * <p><b>Peers.</b> A {@link PeerHello} is answered here with a {@link PeerWelcome} and marks its
 * connection as that node's: later requests on it reach the handler with that node as their source.
 * Requests on other connections have a null source (a client). The greeting is admitted only as
 * {@link PeerAdmission} allows: with TLS, from a connection that presented a certificate of the
 * node's authority; with credentials, from one that proved the cluster secret; otherwise it is
 * answered {@code UNAUTHENTICATED} and the connection closed. Beyond a connection's in-flight bound
 * requests are answered {@code OVERLOADED}.
 *
 * <p>A handler that throws is answered with {@link ErrorCode#INTERNAL}; a response too large for
 * one frame is replaced by an {@link ErrorCode#INTERNAL} error saying so. A request with id 0 is
 * one-way: its response is dropped. Anything but a request (a response sent to a server) breaks the
 * protocol and closes the connection. A connection that fails under it (a peer that was killed
 * resets it) is closed with one log line naming the peer and the error: an expected event, not a
 * stack trace.
 *
 * <p><b>Pitfalls.</b> Every write is followed by a flush; the {@code FlushConsolidationHandler}
 * before this handler turns those into one flush per read batch or event-loop turn, so keep it in
 * the pipeline. Sharable: it keeps no per-connection state.
 */
@ChannelHandler.Sharable
public final class RequestDispatcher extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

  /** The node a connection comes from, once its {@link PeerHello} named it; unset for clients. */
  static final AttributeKey<NodeId> PEER = AttributeKey.valueOf("ringstore.peer");

  /** Requests of a connection handed to the handler and not answered yet. */
  static final AttributeKey<AtomicInteger> IN_FLIGHT = AttributeKey.valueOf("ringstore.inFlight");

  private final RequestHandler handler;
  private final PeerWelcome welcome;
  private final int inFlightMax;
  private final Refusals refusals;
  private final PeerAdmission peers;

  /**
   * A dispatcher of node {@code self} handing every request to {@code handler}, at most {@code
   * inFlightMax} unanswered per connection (beyond, answered {@code OVERLOADED} and counted in
   * {@code refusals}).
   */
  RequestDispatcher(
      NodeId self,
      RequestHandler handler,
      int inFlightMax,
      Refusals refusals,
      PeerAdmission peers) {
    this.handler = handler;
    this.welcome = new PeerWelcome(self);
    this.inFlightMax = inFlightMax;
    this.refusals = refusals;
    this.peers = peers;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Frame frame && frame.message() instanceof Request request) {
      dispatch(ctx, frame.requestId(), request);
      return;
    }
    ReferenceCountUtil.release(msg);
    LOG.warn("closing the connection with {}: it sent {}, not a request", ctx.channel(), msg);
    ctx.close();
  }

  private void dispatch(ChannelHandlerContext ctx, long requestId, Request request) {
    if (request instanceof PeerHello hello) {
      greet(ctx, requestId, hello);
      return;
    }
    if (request instanceof AuthStart || request instanceof AuthProof) {
      respond(
          ctx,
          requestId,
          ErrorResponse.of(
              ErrorCode.BAD_REQUEST,
              "this node does not require authentication; connect without credentials"));
      return;
    }
    NodeId source = ctx.channel().attr(PEER).get();
    AtomicInteger inFlight = inFlightOf(ctx);
    if (inFlight.incrementAndGet() > inFlightMax) {
      inFlight.decrementAndGet();
      refusals.refuse(
          ctx.channel().remoteAddress(),
          Refusals.Reason.IN_FLIGHT_LIMIT,
          "more than " + inFlightMax + " requests in flight on one connection");
      respond(ctx, requestId, overloaded());
      return;
    }
    try {
      handler.handle(
          source,
          request,
          response -> {
            inFlight.decrementAndGet();
            respond(ctx, requestId, response);
          });
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      LOG.error("the request handler threw on {} from {}", request, ctx.channel(), e);
      respond(ctx, requestId, ErrorResponse.of(ErrorCode.INTERNAL, "the node failed: " + e));
    }
  }

  private void greet(ChannelHandlerContext ctx, long requestId, PeerHello hello) {
    String refusal = peers.refusalOf(ctx.channel());
    if (refusal != null) {
      refusals.refuse(ctx.channel().remoteAddress(), Refusals.Reason.NOT_A_PEER, refusal);
      ctx.channel().config().setAutoRead(false);
      ctx.writeAndFlush(
              new Frame(
                  FrameCodec.PROTOCOL_VERSION,
                  requestId,
                  ErrorResponse.of(ErrorCode.UNAUTHENTICATED, refusal)))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    ctx.channel().attr(PEER).set(hello.node());
    respond(ctx, requestId, welcome);
  }

  private static AtomicInteger inFlightOf(ChannelHandlerContext ctx) {
    AtomicInteger inFlight = ctx.channel().attr(IN_FLIGHT).get();
    if (inFlight == null) {
      inFlight = new AtomicInteger();
      ctx.channel().attr(IN_FLIGHT).set(inFlight);
    }
    return inFlight;
  }

  private ErrorResponse overloaded() {
    return ErrorResponse.of(
        ErrorCode.OVERLOADED,
        "more than "
            + inFlightMax
            + " requests in flight on this connection; wait for answers or open another");
  }

  private static void respond(ChannelHandlerContext ctx, long requestId, Response response) {
    if (requestId == 0) {
      return;
    }
    EventExecutor loop = ctx.executor();
    if (loop.inEventLoop()) {
      write(ctx, requestId, response);
      return;
    }
    try {
      loop.execute(() -> write(ctx, requestId, response));
    } catch (RejectedExecutionException shutDown) {
      LOG.debug("dropping a response to {}: the node is shutting down", ctx.channel());
    }
  }

  private static void write(ChannelHandlerContext ctx, long requestId, Response response) {
    Frame frame = new Frame(FrameCodec.PROTOCOL_VERSION, requestId, response);
    ctx.writeAndFlush(frame)
        .addListener((ChannelFuture done) -> answerUnencodable(ctx, requestId, done));
  }

  private static void answerUnencodable(
      ChannelHandlerContext ctx, long requestId, ChannelFuture done) {
    if (done.cause() instanceof FrameTooLargeException tooLarge) {
      LOG.warn(
          "a response to {} does not fit in a frame: {}", ctx.channel(), tooLarge.getMessage());
      ErrorResponse error = ErrorResponse.of(ErrorCode.INTERNAL, tooLarge.getMessage());
      ctx.writeAndFlush(new Frame(FrameCodec.PROTOCOL_VERSION, requestId, error));
    }
  }

  private static boolean isTls(Throwable cause) {
    return cause instanceof SSLException
        || (cause instanceof DecoderException && cause.getCause() instanceof SSLException);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    NodeId peer = ctx.channel().attr(PEER).get();
    String from =
        peer != null
            ? peer + " (" + ctx.channel().remoteAddress() + ")"
            : "client " + ctx.channel().remoteAddress();
    if (isTls(cause)) {
      LOG.debug(
          "closing the connection from {}: {}", from, cause.getMessage()); // refusals count it
    } else if (cause instanceof IOException) {
      LOG.info("closing the connection from {}: {}", from, cause.getMessage());
    } else {
      LOG.warn("closing the connection from {} after an unexpected error", from, cause);
    }
    ctx.close();
  }
}
