package io.ringstore.node.net;

import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.ringstore.client.netty.BadFrameHandler;
import io.ringstore.client.netty.FramePipeline;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.ProtocolError;
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
 *   tls, tlsWatch       with TLS: the SslHandler; failed handshakes counted as refusals
 *   frameDecoder        bytes -> frames, declared length checked before buffering, each frame
 *                       whole within the frame deadline
 *   messageCodec        frames <-> Frame / BadFrame
 *   badFrames           BadFrame -> log, answer PROTOCOL_ERROR when the id is known, close
 *   auth                with credentials: nothing but authentication until it succeeds
 *   flushConsolidation  one flush per read batch or event-loop turn, not per response
 *   dispatcher          Request -> RequestHandler; Response -> same request id
 * </pre>
 *
 * A bad frame closes only the connection that sent it. Beyond {@link ServerLimits#connectionsMax} a
 * new connection is closed at once; every refusal is counted and logged by {@link Refusals}.
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
   * How a server guards itself.
   *
   * @param frameLimits the largest frame accepted
   * @param limits connections, requests in flight per connection, the frame deadline
   * @param refusals where refusals are counted and logged
   */
  public record Options(
      FrameLimits frameLimits,
      ServerLimits limits,
      Refusals refusals,
      SslContext ssl,
      Authenticator authenticator) {
    /** The default limits, refusals counted in a registry of their own, no TLS, no credentials. */
    public static Options defaults(FrameLimits frameLimits) {
      return new Options(
          frameLimits,
          ServerLimits.defaults(),
          new Refusals(new SystemClock(), new MetricRegistry()),
          null,
          null);
    }

    /** These options with TLS by {@code context} (a server context). */
    public Options withSsl(SslContext context) {
      return new Options(frameLimits, limits, refusals, context, authenticator);
    }

    /** These options requiring every connection to authenticate with {@code authenticator}. */
    public Options withAuthenticator(Authenticator required) {
      return new Options(frameLimits, limits, refusals, ssl, required);
    }
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one, see {@link #port()}) and starts serving as
   * node {@code self} with the default limits.
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
    return start(self, host, port, handler, Options.defaults(limits), loops);
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one, see {@link #port()}) and starts serving as
   * node {@code self}, guarded as {@code options} say.
   *
   * @throws UncheckedIOException if the address cannot be bound, naming it
   */
  public static NettyServer start(
      NodeId self,
      String host,
      int port,
      RequestHandler handler,
      Options options,
      NodeEventLoops loops) {
    ChannelGroup connections = new DefaultChannelGroup("ringstore", GlobalEventExecutor.INSTANCE);
    RequestDispatcher dispatcher =
        new RequestDispatcher(
            self,
            handler,
            options.limits().inFlightPerConnectionMax(),
            options.refusals(),
            new PeerAdmission(options.ssl() != null, options.authenticator()));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(loops.acceptor(), loops.workers())
            .channel(loops.serverChannelType())
            .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG_MAX)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer(connections, dispatcher, options));
    ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new UncheckedIOException(
          new SocketException("could not listen on " + host + ":" + port + ": " + bound.cause()));
    }
    LOG.info("listening on {} ({})", bound.channel().localAddress(), transportName(loops));
    return new NettyServer(bound.channel(), connections);
  }

  private static ChannelInitializer<Channel> initializer(
      ChannelGroup connections, RequestDispatcher dispatcher, Options options) {
    Refusals refusals = options.refusals();
    int connectionsMax = options.limits().connectionsMax();
    BadFrameHandler badFrames =
        new BadFrameHandler(
            BadFrameHandler.Reply.ERROR_RESPONSE,
            (ctx, error) ->
                refusals.refuse(
                    ctx.channel().remoteAddress(),
                    error.kind() == ProtocolError.Kind.TOO_SLOW
                        ? Refusals.Reason.SLOW_FRAME
                        : Refusals.Reason.BAD_FRAME,
                    error.toString()));
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        if (connections.size() >= connectionsMax) {
          refusals.refuse(
              ch.remoteAddress(),
              Refusals.Reason.TOO_MANY_CONNECTIONS,
              connections.size() + " connections are open, the most this node accepts");
          ch.close();
          return;
        }
        connections.add(ch);
        ChannelPipeline pipeline = ch.pipeline();
        if (options.ssl() != null) {
          pipeline.addLast("tls", options.ssl().newHandler(ch.alloc()));
          pipeline.addLast("tlsWatch", new TlsHandshakeWatch(refusals));
        }
        FramePipeline.install(
            pipeline, options.frameLimits(), options.limits().frameDeadlineMillis(), badFrames);
        if (options.authenticator() != null) {
          pipeline.addLast(
              "auth",
              new AuthGate(
                  options.authenticator(), refusals, options.limits().frameDeadlineMillis()));
        }
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
