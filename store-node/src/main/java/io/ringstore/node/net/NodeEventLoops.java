package io.ringstore.node.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The node's event loops: one that accepts connections and a pool of workers that run every
 * connection, the server's and the peer transport's alike. Native epoll where {@link
 * Epoll#isAvailable()}, Java NIO otherwise; the channel types follow.
 *
 * <p><b>Pitfalls.</b> Nothing may block these threads: no disk, no {@code Future.get()}. Close this
 * after the server and the transport that run on it.
 */
public final class NodeEventLoops implements AutoCloseable {
  /** Threads accepting connections: one is plenty for a handful of long-lived connections. */
  public static final int ACCEPT_THREADS = 1;

  /** How long {@link #close} waits for the loops to finish their tasks. */
  public static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;

  private static final long SHUTDOWN_QUIET_MILLIS = 0;

  private final boolean epoll;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;

  private NodeEventLoops(boolean epoll, int workerThreads) {
    this.epoll = epoll;
    this.acceptor = group(ACCEPT_THREADS, "ringstore-accept");
    this.workers = group(workerThreads, "ringstore-io");
  }

  /**
   * Event loops with {@code workerThreads} workers (0 for Netty's default, twice the cores).
   *
   * @throws IllegalArgumentException if {@code workerThreads} is negative
   */
  public static NodeEventLoops create(int workerThreads) {
    if (workerThreads < 0) {
      throw new IllegalArgumentException("workerThreads is " + workerThreads + ", must be >= 0");
    }
    return new NodeEventLoops(Epoll.isAvailable(), workerThreads);
  }

  private EventLoopGroup group(int threads, String name) {
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
  }

  /** Whether the loops use native epoll rather than NIO. */
  public boolean isEpoll() {
    return epoll;
  }

  /** The loop accepting connections. */
  public EventLoopGroup acceptor() {
    return acceptor;
  }

  /** The loops running connections. */
  public EventLoopGroup workers() {
    return workers;
  }

  /** The listening channel type matching the loops. */
  public Class<? extends ServerChannel> serverChannelType() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** The connecting channel type matching the loops. */
  public Class<? extends Channel> channelType() {
    return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Shuts both groups down and waits up to {@link #SHUTDOWN_TIMEOUT_MILLIS} for them. */
  @Override
  public void close() {
    acceptor.shutdownGracefully(
        SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    workers.shutdownGracefully(
        SHUTDOWN_QUIET_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    acceptor.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
    workers.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
  }
}
