package io.ringstore.node.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Counts a connection whose TLS handshake failed (plain TCP to a TLS port, a certificate of another
 * authority, an expired one) as a {@link Refusals.Reason#TLS_HANDSHAKE} refusal; the {@code
 * SslHandler} closes it. Then removes itself.
 */
final class TlsHandshakeWatch extends ChannelInboundHandlerAdapter {
  private final Refusals refusals;

  TlsHandshakeWatch(Refusals refusals) {
    this.refusals = refusals;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent done) {
      if (!done.isSuccess()) {
        refusals.refuse(
            ctx.channel().remoteAddress(),
            Refusals.Reason.TLS_HANDSHAKE,
            "TLS handshake failed: " + done.cause().getMessage());
      }
      ctx.pipeline().remove(this);
    }
    ctx.fireUserEventTriggered(event);
  }
}
