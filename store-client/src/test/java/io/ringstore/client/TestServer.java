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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A minimal node for client tests on loopback (127.0.0.1 unless told another 127.x address):
 * answers every request with {@code answer}, or not at all where {@code answer} returns null, and
 * counts what it received by type.
 */
final class TestServer implements AutoCloseable {
  private final Channel channel;
  private final AtomicInteger served;
  private final Map<Class<?>, AtomicInteger> servedByType;

  private TestServer(
      Channel channel, AtomicInteger served, Map<Class<?>, AtomicInteger> servedByType) {
    this.channel = channel;
    this.served = served;
    this.servedByType = servedByType;
  }

  static TestServer start(EventLoopGroup loops, Function<Request, Response> answer) {
    return start(loops, "127.0.0.1", answer);
  }

  static TestServer start(EventLoopGroup loops, String host, Function<Request, Response> answer) {
    AtomicInteger served = new AtomicInteger();
    Map<Class<?>, AtomicInteger> servedByType = new ConcurrentHashMap<>();
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
                    ch.pipeline().addLast(new Answering(answer, served, servedByType));
                  }
                })
            .bind(host, 0)
            .syncUninterruptibly()
            .channel();
    return new TestServer(channel, served, servedByType);
  }

  String host() {
    return ((InetSocketAddress) channel.localAddress()).getHostString();
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Requests this server answered. */
  int served() {
    return served.get();
  }

  /** Requests of {@code type} this server received, answered or not. */
  int served(Class<? extends Request> type) {
    AtomicInteger count = servedByType.get(type);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  private static final class Answering extends ChannelInboundHandlerAdapter {
    private final Function<Request, Response> answer;
    private final AtomicInteger served;
    private final Map<Class<?>, AtomicInteger> servedByType;

    Answering(
        Function<Request, Response> answer,
        AtomicInteger served,
        Map<Class<?>, AtomicInteger> servedByType) {
      this.answer = answer;
      this.served = served;
      this.servedByType = servedByType;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Frame frame = (Frame) msg;
      served.incrementAndGet();
      servedByType
          .computeIfAbsent(frame.message().getClass(), type -> new AtomicInteger())
          .incrementAndGet();
      Response response = answer.apply((Request) frame.message());
      if (response == null) {
        return;
      }
      ctx.writeAndFlush(new Frame(FrameCodec.PROTOCOL_VERSION, frame.requestId(), response));
    }
  }
}
