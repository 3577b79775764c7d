package io.ringstore.node.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.ringstore.client.netty.ChallengeProofs;
import io.ringstore.core.wire.AuthChallenge;
import io.ringstore.core.wire.AuthOk;
import io.ringstore.core.wire.AuthProof;
import io.ringstore.core.wire.AuthStart;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.Response;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lets nothing but authentication through until a connection has proved a credential the node's
 * {@link Authenticator} knows: {@link AuthStart} is answered with a fresh {@link AuthChallenge},
 * {@link AuthProof} is checked (HMAC, {@link ChallengeProofs}) and answered with {@link AuthOk};
 * from then on every frame passes and the connection carries the proven identity in {@link
 * #IDENTITY}. Anything else first, an unknown identity or a wrong proof is answered {@code
 * UNAUTHENTICATED}, counted in {@link Refusals}, and the connection closed; so is a connection that
 * has not authenticated within {@link #deadlineMillis} of opening. An unknown identity is refused
 * only at the proof, like a wrong secret, so that answers do not tell which user names exist.
 *
 * <p>One instance per connection, on its event loop; removes nothing, passes frames through once
 * authenticated.
 */
final class AuthGate extends ChannelInboundHandlerAdapter {
  /** The identity a connection proved: a user name, or {@code node}. */
  static final AttributeKey<String> IDENTITY = AttributeKey.valueOf("ringstore.identity");

  private final Authenticator authenticator;
  private final Refusals refusals;
  private final long deadlineMillis;
  private ScheduledFuture<?> deadline;
  private AuthStart started;
  private byte[] serverNonce;
  private boolean authenticated;

  AuthGate(Authenticator authenticator, Refusals refusals, long deadlineMillis) {
    this.authenticator = authenticator;
    this.refusals = refusals;
    this.deadlineMillis = deadlineMillis;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    deadline =
        ctx.executor()
            .schedule(
                () -> refuse(ctx, 0, "did not authenticate within " + deadlineMillis + " ms"),
                deadlineMillis,
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (authenticated) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!(msg instanceof Frame frame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (frame.message() instanceof AuthStart start && started == null) {
      started = start;
      serverNonce = ChallengeProofs.nonce();
      answer(ctx, frame.requestId(), new AuthChallenge(serverNonce));
    } else if (frame.message() instanceof AuthProof proof && started != null) {
      check(ctx, frame.requestId(), proof);
    } else {
      refuse(
          ctx,
          frame.requestId(),
          "this node requires authentication first (RingstoreClient.builder().credentials(...),"
              + " or ringstore --user and --secret-file)");
    }
  }

  private void check(ChannelHandlerContext ctx, long requestId, AuthProof proof) {
    String identity = started.identity();
    Optional<byte[]> secret = authenticator.secretOf(identity);
    if (secret.isEmpty()
        || !ChallengeProofs.same(
            ChallengeProofs.clientProof(secret.get(), identity, started.clientNonce(), serverNonce),
            proof.proof())) {
      refuse(ctx, requestId, "unknown identity or wrong secret for '" + identity + "'");
      return;
    }
    authenticated = true;
    cancelDeadline();
    ctx.channel().attr(IDENTITY).set(identity);
    answer(
        ctx,
        requestId,
        new AuthOk(
            ChallengeProofs.serverProof(
                secret.get(), identity, started.clientNonce(), serverNonce)));
  }

  private void refuse(ChannelHandlerContext ctx, long requestId, String why) {
    if (authenticated || !ctx.channel().isActive()) {
      return;
    }
    cancelDeadline();
    refusals.refuse(ctx.channel().remoteAddress(), Refusals.Reason.UNAUTHENTICATED, why);
    ctx.channel().config().setAutoRead(false);
    ErrorResponse error = ErrorResponse.of(ErrorCode.UNAUTHENTICATED, why);
    ctx.writeAndFlush(new Frame(FrameCodec.PROTOCOL_VERSION, requestId, error))
        .addListener(ChannelFutureListener.CLOSE);
  }

  private static void answer(ChannelHandlerContext ctx, long requestId, Response response) {
    ctx.writeAndFlush(new Frame(FrameCodec.PROTOCOL_VERSION, requestId, response));
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelDeadline();
    ctx.fireChannelInactive();
  }
}
