package io.ringstore.node.net;

import static io.ringstore.node.net.Responses.await;
import static io.ringstore.node.net.Responses.awaitFailure;
import static io.ringstore.node.net.Responses.into;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.ringstore.client.netty.ConnectionFailedException;
import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.PeerHello;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The peer transport over real loopback sockets: self-sends, remote sends, reconnects. */
class NettyTransportTest {
  private static final NodeId SELF = NodeId.of("self");
  private static final NodeId PEER = NodeId.of("peer");
  private static final long PENDING_MILLIS_MAX = 10_000;
  private static final int RECONNECT_ATTEMPTS_MAX = 400;
  private static final long RECONNECT_PAUSE_MILLIS = 10;

  private final NodeEventLoops loops = NodeEventLoops.create(2);
  private final ConnectionPool pool =
      new ConnectionPool(
          loops.workers(),
          loops.channelType(),
          ConnectionSettings.defaults().withBackoffMillis(10, 100));
  private NettyServer peer;

  @AfterEach
  void stop() {
    pool.close();
    if (peer != null) {
      peer.close();
    }
    loops.close();
  }

  private NettyTransport transport(Ring ring, RequestHandler local) {
    return new NettyTransport(SELF, ring::member, local, pool, loops.workers(), PENDING_MILLIS_MAX);
  }

  private static Ring ring(int selfPort, int peerPort) {
    return Ring.of(
        RingConfig.defaults().withVnodesPerUnitWeight(8),
        List.of(
            Member.of("self", "127.0.0.1", selfPort), Member.of("peer", "127.0.0.1", peerPort)));
  }

  private static CompletableFuture<Response> send(
      NettyTransport transport, NodeId to, Request request) {
    CompletableFuture<Response> future = new CompletableFuture<>();
    transport.send(to, request, into(future));
    return future;
  }

  @Test
  void selfSendsReachTheLocalHandlerWithoutASocketAndAsynchronously() throws Exception {
    int closedPort = freePort();
    AtomicReference<Thread> handledOn = new AtomicReference<>();
    RequestHandler local =
        (NodeId source, Request request, Consumer<Response> respond) -> {
          handledOn.set(Thread.currentThread());
          assertThat(source).isEqualTo(SELF);
          respond.accept(new Pong(((Ping) request).sentNanos()));
        };
    NettyTransport transport = transport(ring(closedPort, closedPort), local);
    assertThat(await(send(transport, SELF, new Ping(7)))).isEqualTo(new Pong(7));
    assertThat(handledOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(loops.workers().next()).isInstanceOf(EventLoop.class);
  }

  @Test
  void unknownNodesFailNamingTheNode() throws Exception {
    NettyTransport transport = transport(ring(freePort(), freePort()), EchoHandler.direct());
    assertThat(awaitFailure(send(transport, NodeId.of("stranger"), new Ping(1))))
        .isInstanceOf(ConnectionFailedException.class)
        .hasMessageContaining("stranger");
  }

  @Test
  void aPoolGreetingWithPeerHelloMakesTheSenderTheSourceOfLaterRequests() throws Exception {
    EchoHandler echo = EchoHandler.direct();
    peer = NettyServer.start(PEER, "127.0.0.1", 0, echo, FrameLimits.defaults(), loops);
    ConnectionPool greetingPool =
        new ConnectionPool(
            loops.workers(),
            loops.channelType(),
            ConnectionSettings.defaults(),
            new PeerHello(SELF));
    Ring ring = ring(freePort(), peer.port());
    NettyTransport transport =
        new NettyTransport(
            SELF, ring::member, echo, greetingPool, loops.workers(), PENDING_MILLIS_MAX);
    try {
      assertThat(await(send(transport, PEER, new Ping(1)))).isEqualTo(new Pong(1));
      assertThat(echo.lastSource).isEqualTo(SELF);
    } finally {
      transport.close();
    }
  }

  @Test
  void requestsOnAConnectionWithoutAHelloHaveNoSource() throws Exception {
    EchoHandler echo = EchoHandler.direct();
    peer = NettyServer.start(PEER, "127.0.0.1", 0, echo, FrameLimits.defaults(), loops);
    NettyTransport transport = transport(ring(freePort(), peer.port()), echo);

    assertThat(await(send(transport, PEER, new Ping(1)))).isEqualTo(new Pong(1));
    assertThat(echo.lastSource).isNull();
  }

  @Test
  void reconnectsAfterThePeerRestartsOnTheSamePort() throws Exception {
    peer =
        NettyServer.start(
            PEER, "127.0.0.1", 0, EchoHandler.direct(), FrameLimits.defaults(), loops);
    int peerPort = peer.port();
    NettyTransport transport = transport(ring(freePort(), peerPort), EchoHandler.direct());
    assertThat(await(send(transport, PEER, new Ping(1)))).isEqualTo(new Pong(1));

    peer.close();
    peer = null;
    assertThat(awaitFailure(send(transport, PEER, new Ping(2))))
        .isInstanceOf(ConnectionFailedException.class)
        .hasMessageContaining("peer");

    peer =
        NettyServer.start(
            PEER, "127.0.0.1", peerPort, EchoHandler.direct(), FrameLimits.defaults(), loops);
    assertThat(pingUntilAnswered(transport, 3).get(Responses.AWAIT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(new Pong(3));
  }

  /** Pings the peer until it answers, pausing on the event loop between failed attempts. */
  private CompletableFuture<Response> pingUntilAnswered(NettyTransport transport, long number) {
    CompletableFuture<Response> answered = new CompletableFuture<>();
    attempt(transport, number, 1, answered);
    return answered;
  }

  private void attempt(
      NettyTransport transport, long number, int attempt, CompletableFuture<Response> answered) {
    send(transport, PEER, new Ping(number))
        .whenComplete(
            (response, failure) -> {
              if (failure == null) {
                answered.complete(response);
              } else if (attempt >= RECONNECT_ATTEMPTS_MAX) {
                answered.completeExceptionally(failure);
              } else {
                loops
                    .workers()
                    .schedule(
                        () -> attempt(transport, number, attempt + 1, answered),
                        RECONNECT_PAUSE_MILLIS,
                        TimeUnit.MILLISECONDS);
              }
            });
  }

  /** A port nothing listens on: bound by the OS, then released. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
