package io.ringstore.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.ringstore.client.netty.BadFrameHandler;
import io.ringstore.client.netty.FramePipeline;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A minimal node for client tests on 127.0.0.1: answers every request with {@code answer}, or not
 * at all where {@code answer} returns null.
 */
final class TestServer implements AutoCloseable {
  private final Channel channel;
  private final AtomicInteger served;

  private TestServer(Channel channel, AtomicInteger served) {
    this.channel = channel;
    this.served = served;
  }

  static TestServer start(EventLoopGroup loops, Function<Request, Response> answer) {
    AtomicInteger served = new AtomicInteger();
    Channel channel =
        new ServerBootstrap()
            .group(loops)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    FramePipeline.install(
                        ch.pipeline(),
                        FrameLimits.defaults(),
                        BadFrameHandler.Reply.ERROR_RESPONSE);
                    ch.pipeline().addLast(new Answering(answer, served));
                  }
                })
            .bind("127.0.0.1", 0)
            .syncUninterruptibly()
            .channel();
    return new TestServer(channel, served);
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Requests this server answered. */
  int served() {
    return served.get();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  private static final class Answering extends ChannelInboundHandlerAdapter {
    private final Function<Request, Response> answer;
    private final AtomicInteger served;

    Answering(Function<Request, Response> answer, AtomicInteger served) {
      this.answer = answer;
      this.served = served;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Frame frame = (Frame) msg;
      served.incrementAndGet();
      Response response = answer.apply((Request) frame.message());
      if (response == null) {
        return;
      }
      ctx.writeAndFlush(new Frame(FrameCodec.PROTOCOL_VERSION, frame.requestId(), response));
    }
  }
}
