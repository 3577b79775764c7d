package io.ringstore.client.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.ringstore.core.wire.AuthChallenge;
import io.ringstore.core.wire.AuthOk;
import io.ringstore.core.wire.AuthProof;
import io.ringstore.core.wire.AuthStart;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.Message;

/**
 * Authenticates a client connection before any of its requests leaves: on connect it sends {@link
 * AuthStart}, answers the node's {@link AuthChallenge} with an {@link AuthProof}, checks the node's
 * own proof in {@link AuthOk}, and only then writes the requests it held back (as {@code
 * SslHandler} holds writes until its handshake ends). Any other answer fails the connection with an
 * {@link AuthenticationFailedException} that says why; the requests held fail with it.
 *
 * <p>The two handshake requests use ids at the top of the id space, which a connection's own
 * counter (from 1) never reaches. One instance per channel; it removes itself once authenticated.
 */
final class AuthHandshake extends ChannelDuplexHandler {
  static final long START_ID = Long.MAX_VALUE;
  static final long PROOF_ID = Long.MAX_VALUE - 1;

  private final Credentials credentials;
  private final String endpoint;
  private final byte[] clientNonce = ChallengeProofs.nonce();
  private PendingWriteQueue held;
  private byte[] serverNonce;

  AuthHandshake(Credentials credentials, String endpoint) {
    this.credentials = credentials;
    this.endpoint = endpoint;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    held = new PendingWriteQueue(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(frame(START_ID, new AuthStart(credentials.identity(), clientNonce)));
    ctx.fireChannelActive();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    held.add(msg, promise);
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    // Held writes are flushed once authenticated.
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof Frame frame)
        || (frame.requestId() != START_ID && frame.requestId() != PROOF_ID)) {
      ctx.fireChannelRead(msg);
      return;
    }
    Message answer = frame.message();
    if (frame.requestId() == START_ID && answer instanceof AuthChallenge challenge) {
      serverNonce = challenge.serverNonce();
      byte[] proof =
          ChallengeProofs.clientProof(
              credentials.secret(), credentials.identity(), clientNonce, serverNonce);
      ctx.writeAndFlush(frame(PROOF_ID, new AuthProof(proof)));
    } else if (frame.requestId() == PROOF_ID && answer instanceof AuthOk ok) {
      authenticated(ctx, ok);
    } else {
      fail(
          ctx,
          endpoint
              + " refused to authenticate "
              + credentials.identity()
              + ": "
              + describe(answer));
    }
  }

  private void authenticated(ChannelHandlerContext ctx, AuthOk ok) {
    byte[] expected =
        ChallengeProofs.serverProof(
            credentials.secret(), credentials.identity(), clientNonce, serverNonce);
    if (!ChallengeProofs.same(expected, ok.serverProof())) {
      fail(
          ctx,
          endpoint
              + " accepted "
              + credentials.identity()
              + " but could not prove the same secret: it is not a node of this cluster");
      return;
    }
    held.removeAndWriteAll();
    ctx.flush();
    ctx.pipeline().remove(this);
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    AuthenticationFailedException failure = new AuthenticationFailedException(why);
    held.removeAndFailAll(failure);
    ctx.fireExceptionCaught(failure);
  }

  private static String describe(Message answer) {
    if (answer instanceof ErrorResponse error) {
      return error.code() + ": " + error.message();
    }
    return "it answered " + answer.getClass().getSimpleName();
  }

  private static Frame frame(long requestId, Message message) {
    return new Frame(FrameCodec.PROTOCOL_VERSION, requestId, message);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    held.removeAndFailAll(
        new AuthenticationFailedException(
            endpoint + " closed the connection before it authenticated " + credentials.identity()));
    ctx.fireChannelInactive();
  }
}
