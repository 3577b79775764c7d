package io.ringstore.client.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.wire.Request;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One {@link MultiplexedConnection} per {@link Endpoint}, opened on first use and reopened after it
 * closes.
 *
 * <p><b>Reconnecting.</b> A connection that was open and closed is replaced on the next send at
 * once: the node may simply have restarted. A connect that fails starts a backoff: for {@link
 * ConnectionSettings#backoffMinMillis()}, doubled after each further failed connect up to {@link
 * ConnectionSettings#backoffMaxMillis()}, sends to that endpoint fail at once with a {@link
 * ConnectionFailedException} naming the last cause, so that callers move on to another replica
 * instead of waiting for a connect timeout each. The backoff ends on a timer of the event loop
 * group; no clock is read.
 *
 * <p><b>Greeting.</b> A pool may be given a greeting: a request sent first on every connection it
 * opens, before anything else, whose answer is ignored. Nodes greet each other with a {@code
 * PeerHello} naming themselves, so the receiver knows which node a connection comes from.
 *
 * <p><b>Threads.</b> {@link #send} may be called from any thread; the hot path is a map lookup and
 * a volatile read. Opening and backoff bookkeeping take a per-endpoint lock, held only briefly
 * (connecting itself is asynchronous).
 *
 * <p><b>Pitfalls.</b> The pool does not own the event loop group: whoever made it shuts it down,
 * after {@link #close}. Endpoints are never evicted; a node that moves to a new address leaves an
 * idle, closed entry behind (a handful per membership change).
 */
public final class ConnectionPool implements AutoCloseable {
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final ConnectionSettings settings;
  private final Request greeting;
  private final ConcurrentMap<Endpoint, Slot> slots = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * A pool opening connections of {@code channelType} on {@code group}'s event loops.
   *
   * @param channelType a client socket channel matching the group (NIO or epoll)
   */
  public ConnectionPool(
      EventLoopGroup group, Class<? extends Channel> channelType, ConnectionSettings settings) {
    this(group, channelType, settings, null);
  }

  /**
   * A pool that sends {@code greeting} first on every connection it opens.
   *
   * @param greeting sent before any other request on each new connection; null for none
   */
  public ConnectionPool(
      EventLoopGroup group,
      Class<? extends Channel> channelType,
      ConnectionSettings settings,
      Request greeting) {
    this.group = group;
    this.settings = settings;
    this.greeting = greeting;
    Bootstrap configured =
        new Bootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true);
    this.bootstrap =
        settings.localHost() == null
            ? configured
            : configured.localAddress(settings.localHost(), 0);
  }

  /**
   * Sends {@code request} over the endpoint's connection; see {@link MultiplexedConnection#send}.
   */
  public void send(
      Endpoint endpoint, Request request, long timeoutMillis, ResponseHandler handler) {
    if (closed) {
      failLater(handler, new ConnectionFailedException("the connection pool is closed", null));
      return;
    }
    slots.computeIfAbsent(endpoint, Slot::new).send(request, timeoutMillis, handler);
  }

  /** Closes every connection; later sends fail. Does not shut the event loop group down. */
  @Override
  public void close() {
    closed = true;
    slots.values().forEach(Slot::close);
  }

  private void failLater(ResponseHandler handler, Throwable cause) {
    try {
      group.next().execute(() -> handler.onFailure(cause));
    } catch (RejectedExecutionException shutDown) {
      handler.onFailure(cause);
    }
  }

  private long backoffMillis(int connectFailures) {
    int doublings = Math.min(connectFailures - 1, Long.SIZE - 2);
    long millis = settings.backoffMinMillis() << doublings;
    return millis <= 0
        ? settings.backoffMaxMillis()
        : Math.min(millis, settings.backoffMaxMillis());
  }

  /** The current connection to one endpoint and its reconnect backoff. */
  private final class Slot {
    private final Endpoint endpoint;
    private volatile MultiplexedConnection current;
    private int connectFailures;
    private ConnectionFailedException backoffCause;

    Slot(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    void send(Request request, long timeoutMillis, ResponseHandler handler) {
      MultiplexedConnection connection = current;
      if (connection == null || connection.isClosed()) {
        try {
          connection = reopen();
        } catch (ConnectionFailedException refused) {
          failLater(handler, refused);
          return;
        }
      }
      connection.send(request, timeoutMillis, handler);
    }

    /** The open connection, or a new one; throws the backoff's cause while backing off. */
    private synchronized MultiplexedConnection reopen() {
      if (current != null && !current.isClosed()) {
        return current;
      }
      if (backoffCause != null) {
        throw backoffCause;
      }
      if (closed) {
        throw new ConnectionFailedException("the connection pool is closed", null);
      }
      MultiplexedConnection connection =
          MultiplexedConnection.connect(bootstrap, endpoint, settings);
      if (greeting != null) {
        // Queued before the connection is published, so it is the first request written.
        connection.send(greeting, settings.connectTimeoutMillis(), ResponseHandler.IGNORED);
      }
      current = connection;
      connection.closeFuture().thenAccept(cause -> onClosed(connection, cause));
      return connection;
    }

    private synchronized void onClosed(MultiplexedConnection connection, TransportException cause) {
      if (connection.wasOpen()) {
        connectFailures = 0;
        return;
      }
      connectFailures++;
      long delayMillis = backoffMillis(connectFailures);
      backoffCause =
          new ConnectionFailedException(
              endpoint
                  + " is unreachable ("
                  + cause.getMessage()
                  + "); not retrying for "
                  + delayMillis
                  + " ms",
              cause);
      try {
        group.schedule(this::endBackoff, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException shutDown) {
        // The group is shutting down: the backoff never ends, and nothing will send again.
      }
    }

    private synchronized void endBackoff() {
      backoffCause = null;
    }

    void close() {
      MultiplexedConnection connection = current;
      if (connection != null) {
        connection.close();
      }
    }
  }
}
