package io.ringstore.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.client.netty.MultiplexedConnection;
import io.ringstore.client.netty.ResponseTimeoutException;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's timeouts: one deadline queue for requests in deadline order, a timer of its own
 * for one that is not, answered requests never timing out, and requests queued behind a connect
 * that hangs timing out on their own timeout.
 */
class MultiplexedConnectionTimeoutTest {
  private static final long AWAIT_SECONDS = 10;

  /** Connections that fill a listen backlog of 1 (the kernel queues backlog + 1). */
  private static final int BACKLOG_FILLERS = 4;

  private final EventLoopGroup loops =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private TestServer server;
  private MultiplexedConnection connection;

  @AfterEach
  void stop() {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers pings with an even {@code sentNanos}, ignores the others. */
  private void connectToEvenAnswerer() {
    server =
        TestServer.start(
            loops, request -> ((Ping) request).sentNanos() % 2 == 0 ? new Pong(0) : null);
    Bootstrap bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class);
    connection =
        MultiplexedConnection.connect(
            bootstrap,
            new Endpoint("test", "127.0.0.1", server.port()),
            ConnectionSettings.defaults());
  }

  @Test
  void aShorterDeadlineSentLaterStillExpiresFirst() throws Exception {
    connectToEvenAnswerer();
    ConcurrentLinkedQueue<Long> expired = new ConcurrentLinkedQueue<>();

    CompletableFuture<?> slow = send(1, 600, expired);
    CompletableFuture<?> fast = send(3, 100, expired);
    CompletableFuture<?> slowest = send(5, 900, expired);
    CompletableFuture.allOf(slow, fast, slowest).get(AWAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(expired).containsExactly(3L, 1L, 5L);
    assertThat(connection.inFlight()).isZero();
  }

  @Test
  void answeredRequestsBetweenSilentOnesNeverTimeOut() throws Exception {
    connectToEvenAnswerer();
    ConcurrentLinkedQueue<Long> expired = new ConcurrentLinkedQueue<>();

    List<CompletableFuture<?>> all =
        List.of(send(1, 200, expired), send(2, 200, expired), send(3, 300, expired));
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
        .get(AWAIT_SECONDS, TimeUnit.SECONDS);
    CompletableFuture<?> later = send(4, 50, expired);
    later.get(AWAIT_SECONDS, TimeUnit.SECONDS);

    assertThat(expired).containsExactly(1L, 3L);
    assertThat(connection.inFlight()).isZero();
  }

  @Test
  void aRequestSentWhileTheConnectHangsTimesOutOnItsOwnTimeout() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    List<SocketChannel> fillers = new ArrayList<>();
    try (ServerSocket neverAccepts = new ServerSocket(0, 1, loopback)) {
      for (int i = 0; i < BACKLOG_FILLERS; i++) {
        SocketChannel filler = SocketChannel.open();
        filler.configureBlocking(false);
        filler.connect(new InetSocketAddress(loopback, neverAccepts.getLocalPort()));
        fillers.add(filler);
      }
      Bootstrap bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class);
      connection =
          MultiplexedConnection.connect(
              bootstrap,
              new Endpoint("full backlog", loopback.getHostAddress(), neverAccepts.getLocalPort()),
              ConnectionSettings.defaults()
                  .withConnectTimeoutMillis(ConnectionSettings.CONNECT_TIMEOUT_MILLIS_MAX));
      ConcurrentLinkedQueue<Long> expired = new ConcurrentLinkedQueue<>();

      send(1, 100, expired).get(AWAIT_SECONDS, TimeUnit.SECONDS);

      assertThat(connection.wasOpen())
          .as("the server's backlog is full: SYNs are dropped")
          .isFalse();
      assertThat(connection.isClosed()).as("still connecting").isFalse();
      assertThat(expired).containsExactly(1L);
      assertThat(connection.inFlight()).isZero();
    } finally {
      for (SocketChannel filler : fillers) {
        filler.close();
      }
    }
  }

  /** Sends ping {@code id}; the future completes either way, and {@code expired} gets timeouts. */
  private CompletableFuture<?> send(
      long id, long timeoutMillis, ConcurrentLinkedQueue<Long> expired) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    connection.send(
        new Ping(id),
        timeoutMillis,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            done.complete(null);
          }

          @Override
          public void onFailure(Throwable cause) {
            if (cause instanceof ResponseTimeoutException) {
              expired.add(id);
            }
            done.complete(null);
          }
        });
    return done;
  }
}
