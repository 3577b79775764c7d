package io.ringstore.node.net;

import static io.ringstore.node.net.Responses.await;
import static io.ringstore.node.net.Responses.into;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.client.netty.MultiplexedConnection;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's guards against misbehaving connections, each refused while a good client on another
 * connection keeps being served: a connection over the cap, a flood of oversized frames (logged
 * once), a frame dribbled in slower than the deadline (slowloris), and requests over a connection's
 * in-flight bound.
 */
class ServerGuardsTest {
  private static final long TIMEOUT_MILLIS = 10_000;
  private static final int RAW_SOCKET_TIMEOUT_MILLIS = 10_000;
  private static final ServerLimits TIGHT = new ServerLimits(4, 8, 300);

  private final NodeEventLoops loops = NodeEventLoops.create(1);
  private final EventLoopGroup clientLoops =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Refusals refusals = new Refusals(new SystemClock(), new MetricRegistry());
  private final List<MultiplexedConnection> connections = new ArrayList<>();
  private final BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
  private NettyServer server;

  @AfterEach
  void stop() {
    connections.forEach(MultiplexedConnection::close);
    if (server != null) {
      server.close();
    }
    clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    loops.close();
  }

  private void start(RequestHandler handler) {
    server =
        NettyServer.start(
            NodeId.of("guarded"),
            "127.0.0.1",
            0,
            handler,
            new NettyServer.Options(FrameLimits.defaults(), TIGHT, refusals, null, null),
            loops);
  }

  private MultiplexedConnection goodClient() {
    Bootstrap bootstrap = new Bootstrap().group(clientLoops).channel(NioSocketChannel.class);
    MultiplexedConnection connection =
        MultiplexedConnection.connect(
            bootstrap,
            new Endpoint("guarded", "127.0.0.1", server.port()),
            ConnectionSettings.defaults());
    connections.add(connection);
    return connection;
  }

  private static CompletableFuture<Response> send(MultiplexedConnection to, Request request) {
    CompletableFuture<Response> future = new CompletableFuture<>();
    to.send(request, TIMEOUT_MILLIS, into(future));
    return future;
  }

  private static void assertServes(MultiplexedConnection client, int pings) throws Exception {
    List<CompletableFuture<Response>> answers = new ArrayList<>();
    for (int i = 0; i < pings; i++) {
      answers.add(send(client, new Ping(i)));
    }
    for (int i = 0; i < pings; i++) {
      assertThat(await(answers.get(i))).isEqualTo(new Pong(i));
    }
  }

  private Socket rawSocket() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(RAW_SOCKET_TIMEOUT_MILLIS);
    return socket;
  }

  @Test
  void aConnectionOverTheCapIsClosedWhileTheOpenOnesAreServed() throws Exception {
    start(EchoHandler.direct());
    MultiplexedConnection client = goodClient();
    assertServes(client, 10);
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 1; i < TIGHT.connectionsMax(); i++) {
        open.add(rawSocket());
      }
      try (Socket overTheCap = rawSocket()) {
        assertThat(RawSockets.readUntilClosed(overTheCap.getInputStream())).isZero();
      }
      assertServes(client, 10);
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
    assertThat(refusals.count(Refusals.Reason.TOO_MANY_CONNECTIONS)).isEqualTo(1);
  }

  @Test
  void aFloodOfOversizedFramesIsRefusedAndLoggedOnceWhileAGoodClientIsServed() throws Exception {
    start(EchoHandler.direct());
    MultiplexedConnection client = goodClient();
    int flood = 200;
    for (int i = 0; i < flood; i++) {
      try (Socket attacker = rawSocket()) {
        new DataOutputStream(attacker.getOutputStream()).writeInt(Integer.MAX_VALUE);
        assertThat(RawSockets.readUntilClosed(attacker.getInputStream())).isZero();
      }
      if (i % 20 == 0) {
        assertServes(client, 50);
      }
    }

    assertServes(client, 500);
    assertThat(refusals.count(Refusals.Reason.BAD_FRAME)).isEqualTo(flood);
    assertThat(refusals.linesLogged()).isEqualTo(1);
  }

  @Test
  void aFrameDribbledInSlowerThanTheDeadlineClosesItsConnection() throws Exception {
    start(EchoHandler.direct());
    MultiplexedConnection client = goodClient();
    try (Socket slowloris = rawSocket()) {
      // A length prefix that promises 100 bytes, then nothing more.
      new DataOutputStream(slowloris.getOutputStream()).writeInt(100);
      slowloris.getOutputStream().write(new byte[] {1, 2});
      slowloris.getOutputStream().flush();

      assertThat(RawSockets.readUntilClosed(slowloris.getInputStream())).isZero();
    }

    assertServes(client, 10);
    assertThat(refusals.count(Refusals.Reason.SLOW_FRAME)).isEqualTo(1);
  }

  @Test
  void requestsOverAConnectionsInFlightBoundAreAnsweredOverloaded() throws Exception {
    start((source, request, respond) -> held.add(() -> respond.accept(pongFor(request))));
    MultiplexedConnection greedy = goodClient();
    List<CompletableFuture<Response>> admitted = new ArrayList<>();
    for (int i = 0; i < TIGHT.inFlightPerConnectionMax(); i++) {
      admitted.add(send(greedy, new Ping(i)));
    }

    Response refused = await(send(greedy, new Ping(99)));

    assertThat(refused).isInstanceOf(ErrorResponse.class);
    assertThat(((ErrorResponse) refused).code()).isEqualTo(ErrorCode.OVERLOADED);
    assertThat(refusals.count(Refusals.Reason.IN_FLIGHT_LIMIT)).isEqualTo(1);
    for (int i = 0; i < TIGHT.inFlightPerConnectionMax(); i++) {
      releaseOne();
    }
    for (int i = 0; i < admitted.size(); i++) {
      assertThat(await(admitted.get(i))).isEqualTo(new Pong(i));
    }
    CompletableFuture<Response> afterwards = send(greedy, new Ping(7));
    releaseOne();
    assertThat(await(afterwards)).isEqualTo(new Pong(7));
  }

  private void releaseOne() throws InterruptedException {
    Runnable next = held.poll(Responses.AWAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(next).as("a held request within %d s", Responses.AWAIT_SECONDS).isNotNull();
    next.run();
  }

  private static Response pongFor(Request request) {
    return new Pong(((Ping) request).sentNanos());
  }
}
