package io.ringstore.node.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.ringstore.client.netty.BadFrameHandler;
import io.ringstore.client.netty.FramePipeline;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.wire.FrameLimits;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on one host and port for clients and peers alike and serves every request through one
 * {@link RequestHandler}. Each accepted connection gets this pipeline:
 *
 * <pre>
 *   frameDecoder        bytes -> frames, declared length checked before buffering
 *   messageCodec        frames <-> Frame / BadFrame
 *   badFrames           BadFrame -> log, answer PROTOCOL_ERROR when the id is known, close
 *   flushConsolidation  one flush per read batch or event-loop turn, not per response
 *   dispatcher          Request -> RequestHandler; Response -> same request id
 * </pre>
 *
 * A bad frame closes only the connection that sent it.
 *
 * <p><b>Pitfalls.</b> {@link #start} and {@link #close} block until bound and closed: call them
 * from the composition root, never from an event loop. The server does not own its event loops.
 */
public final class NettyServer implements AutoCloseable {
  /** Pending flushes after which the consolidation handler flushes even inside a read batch. */
  public static final int FLUSH_AFTER_WRITES_MAX = 256;

  /** Connections waiting to be accepted, beyond which the kernel refuses more. */
  public static final int ACCEPT_BACKLOG_MAX = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);

  private final Channel serverChannel;
  private final ChannelGroup connections;

  private NettyServer(Channel serverChannel, ChannelGroup connections) {
    this.serverChannel = serverChannel;
    this.connections = connections;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one, see {@link #port()}) and starts serving as
   * node {@code self}.
   *
   * @throws UncheckedIOException if the address cannot be bound, naming it
   */
  public static NettyServer start(
      NodeId self,
      String host,
      int port,
      RequestHandler handler,
      FrameLimits limits,
      NodeEventLoops loops) {
    ChannelGroup connections = new DefaultChannelGroup("ringstore", GlobalEventExecutor.INSTANCE);
    RequestDispatcher dispatcher = new RequestDispatcher(self, handler);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loops.acceptor(), loops.workers())
            .channel(loops.serverChannelType())
            .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG_MAX)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer(connections, dispatcher, limits));
    ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new UncheckedIOException(
          new SocketException("could not listen on " + host + ":" + port + ": " + bound.cause()));
    }
    LOG.info("listening on {} ({})", bound.channel().localAddress(), transportName(loops));
    return new NettyServer(bound.channel(), connections);
  }

  private static ChannelInitializer<Channel> initializer(
      ChannelGroup connections, RequestDispatcher dispatcher, FrameLimits limits) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        connections.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        FramePipeline.install(pipeline, limits, BadFrameHandler.Reply.ERROR_RESPONSE);
        pipeline.addLast(
            "flushConsolidation", new FlushConsolidationHandler(FLUSH_AFTER_WRITES_MAX, true));
        pipeline.addLast("dispatcher", dispatcher);
      }
    };
  }

  private static String transportName(NodeEventLoops loops) {
    return loops.isEpoll() ? "epoll" : "nio";
  }

  /** The address the server listens on. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The port the server listens on, the one chosen when it was started with port 0. */
  public int port() {
    return localAddress().getPort();
  }

  /** Open connections, clients' and peers'. */
  public int connectionCount() {
    return connections.size();
  }

  /** Stops listening and closes every open connection; their requests in flight are lost. */
  @Override
  public void close() {
    serverChannel.close().awaitUninterruptibly();
    connections.close().awaitUninterruptibly();
  }
}
