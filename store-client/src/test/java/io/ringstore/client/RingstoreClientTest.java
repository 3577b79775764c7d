package io.ringstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.QuorumFailedResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.RingRequest;
import io.ringstore.core.wire.RingResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against small test servers on loopback, routing by a ring the test chooses. */
class RingstoreClientTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(600);
  private static final int KEY_SEARCH_MAX = 10_000;

  private final EventLoopGroup serverLoops =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  private TestServer server;
  private RingstoreClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    serverLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Response store(Request request) {
    if (request instanceof PutRequest put) {
      stored.put(new String(put.key(), StandardCharsets.UTF_8), put.value());
      return new PutResponse(VectorClock.empty().increment(B, 1, 8));
    }
    if (request instanceof GetRequest get) {
      byte[] value = stored.get(new String(get.key(), StandardCharsets.UTF_8));
      VectorClock clock = VectorClock.empty().increment(B, 1, 8);
      Versioned[] versions =
          value == null ? new Versioned[0] : new Versioned[] {Versioned.of(clock, 1, value)};
      return new GetResponse(versions);
    }
    return ErrorResponse.of(ErrorCode.BAD_REQUEST, "not served: " + request);
  }

  private static Ring ring(int portOfA, int portOfB) {
    return Ring.of(
        RingConfig.defaults().withReplicationFactor(2).withVnodesPerUnitWeight(16),
        List.of(Member.of("a", "127.0.0.1", portOfA), Member.of("b", "127.0.0.1", portOfB)));
  }

  private RingstoreClient clientOver(Ring ring) {
    return RingstoreClient.builder()
        .ringSource(() -> CompletableFuture.completedFuture(ring))
        .defaultTimeout(TIMEOUT)
        .build();
  }

  /** A key whose first replica is {@code first}. */
  private static byte[] keyFirstOn(Ring ring, NodeId first) {
    for (int i = 0; i < KEY_SEARCH_MAX; i++) {
      byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      if (ring.preferenceList(key).replica(0).id().equals(first)) {
        return key;
      }
    }
    throw new AssertionError("no key of the first " + KEY_SEARCH_MAX + " starts at " + first);
  }

  @Test
  void fallsBackToTheSecondReplicaWhenTheFirstRefusesConnections() throws IOException {
    server = TestServer.start(serverLoops, this::store);
    Ring ring = ring(refusingPort(), server.port());
    client = clientOver(ring);
    byte[] key = keyFirstOn(ring, A);
    byte[] value = "v".getBytes(StandardCharsets.UTF_8);

    PutResult put = client.put(key, value);
    GetResult got = client.get(key);

    assertThat(put.context().isEmpty()).isFalse();
    assertThat(got.exists()).isTrue();
    assertThat(got.value()).hasValue(value);
    assertThat(server.served()).isEqualTo(2);
  }

  @Test
  void fallsBackToTheSecondReplicaWhenTheFirstDoesNotAnswerInTime() {
    server = TestServer.start(serverLoops, this::store);
    try (TestServer silent = TestServer.start(serverLoops, request -> null)) {
      Ring ring = ring(silent.port(), server.port());
      client =
          RingstoreClient.builder()
              .ringSource(() -> CompletableFuture.completedFuture(ring))
              .defaultTimeout(SHORT_TIMEOUT)
              .build();
      byte[] key = keyFirstOn(ring, A);

      assertThat(client.get(key).exists()).isFalse();
      assertThat(silent.served()).isEqualTo(1);
      assertThat(server.served()).isEqualTo(1);
    }
  }

  @Test
  void sendsStraightToTheFirstReplica() throws Exception {
    server = TestServer.start(serverLoops, this::store);
    Ring ring = ring(refusingPort(), server.port());
    client = clientOver(ring);
    byte[] key = keyFirstOn(ring, B);

    GetResult got = client.getAsync(key).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(got.exists()).isFalse();
    assertThat(got.context().isEmpty()).isTrue();
    assertThat(server.served()).isEqualTo(1);
  }

  @Test
  void failsNamingTheReplicasWhenNoneIsReachable() throws IOException {
    Ring ring = ring(refusingPort(), refusingPort());
    client = clientOver(ring);
    assertThatThrownBy(() -> client.get(keyFirstOn(ring, A)))
        .isInstanceOf(NoReachableNodeException.class)
        .hasMessageContaining("no replica of the key is reachable")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
  }

  @Test
  void serverErrorsBecomeTypedExceptions() throws IOException {
    server = TestServer.start(serverLoops, answering(new QuorumFailedResponse(1, 2, 2)));
    Ring ring = ring(refusingPort(), server.port());
    client = clientOver(ring);
    byte[] key = keyFirstOn(ring, B);
    assertThatThrownBy(() -> client.put(key, new byte[] {1}))
        .isInstanceOfSatisfying(
            QuorumFailedException.class,
            e -> {
              assertThat(e.replicasAnswered()).isEqualTo(1);
              assertThat(e.replicasRequired()).isEqualTo(2);
            })
        .hasMessageContaining("1 of 2 required replicas answered");
  }

  @Test
  void aMissedQuorumSendsAReadToTheNextReplicaButFailsAWrite() {
    server = TestServer.start(serverLoops, this::store);
    try (TestServer missing =
        TestServer.start(serverLoops, answering(new QuorumFailedResponse(1, 2, 2)))) {
      Ring ring = ring(missing.port(), server.port());
      client = clientOver(ring);
      byte[] key = keyFirstOn(ring, A);

      assertThat(client.get(key).exists()).isFalse();
      assertThatThrownBy(() -> client.put(key, new byte[] {1}))
          .as("a write is not retried: it may have been applied")
          .isInstanceOf(QuorumFailedException.class);

      assertThat(missing.served()).isEqualTo(2);
      assertThat(server.served(GetRequest.class)).isEqualTo(1);
      assertThat(server.served(PutRequest.class)).isZero();
      assertThat(client.nodeHealth().isSuspected(A)).as("it answered").isFalse();
    }
  }

  @Test
  void aNodeStillStartingPassesEvenAWriteToTheNextReplica() {
    server = TestServer.start(serverLoops, this::store);
    try (TestServer starting =
        TestServer.start(
            serverLoops,
            answering(ErrorResponse.of(ErrorCode.UNAVAILABLE, "the node is starting; retry")))) {
      Ring ring = ring(starting.port(), server.port());
      client = clientOver(ring);
      byte[] key = keyFirstOn(ring, A);

      client.put(key, new byte[] {5});

      assertThat(starting.served()).isEqualTo(1);
      assertThat(server.served(PutRequest.class)).as("nothing was applied at A").isEqualTo(1);
      assertThat(client.get(key).value()).hasValue(new byte[] {5});
    }
  }

  @Test
  void whenEveryReplicaRefusesAsUnavailableTheLastRefusalIsTheError() throws IOException {
    server =
        TestServer.start(
            serverLoops, answering(ErrorResponse.of(ErrorCode.UNAVAILABLE, "ring too small")));
    Ring ring = ring(server.port(), server.port());
    client = clientOver(ring);
    assertThatThrownBy(() -> client.get(keyFirstOn(ring, A)))
        .isInstanceOfSatisfying(
            ServerErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessageContaining("ring too small");
  }

  @Test
  void badRequestsAreServerErrorsWithTheirCode() throws IOException {
    server =
        TestServer.start(serverLoops, answering(ErrorResponse.of(ErrorCode.BAD_REQUEST, "no")));
    Ring ring = ring(refusingPort(), server.port());
    client = clientOver(ring);
    assertThatThrownBy(() -> client.get(keyFirstOn(ring, B)))
        .isInstanceOfSatisfying(
            ServerErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void connectLearnsTheRingAndPingsEveryMemberEvenWithOneUnreachable() throws IOException {
    int refused = refusingPort();
    Ring[] ring = new Ring[1];
    server =
        TestServer.start(
            serverLoops,
            request -> request instanceof RingRequest ? RingResponse.of(ring[0]) : new Pong(0));
    ring[0] = ring(refused, server.port());
    client =
        RingstoreClient.builder()
            .seeds("127.0.0.1:" + server.port())
            .defaultTimeout(TIMEOUT)
            .build();

    client.connect(TIMEOUT);

    assertThat(client.ringEpoch()).isEqualTo(ring[0].epoch());
    assertThat(server.served(Ping.class)).as("the reachable member was pinged").isEqualTo(1);
  }

  @Test
  void connectFailsNamingTheSeedsWhenNoneGivesTheRing() throws IOException {
    int refused = refusingPort();
    client =
        RingstoreClient.builder()
            .seeds("127.0.0.1:" + refused)
            .defaultTimeout(SHORT_TIMEOUT)
            .build();
    assertThatThrownBy(() -> client.connect(TIMEOUT))
        .isInstanceOf(NoReachableNodeException.class)
        .hasMessageContaining("could not learn the ring")
        .hasMessageContaining("127.0.0.1:" + refused);
  }

  @Test
  void learnsTheRingFromASeed() throws IOException {
    int refused = refusingPort();
    Ring[] ring = new Ring[1];
    server =
        TestServer.start(
            serverLoops,
            request -> request instanceof RingRequest ? RingResponse.of(ring[0]) : store(request));
    ring[0] = ring(refused, server.port());
    client =
        RingstoreClient.builder()
            .seeds("127.0.0.1:" + refused, "127.0.0.1:" + server.port())
            .defaultTimeout(TIMEOUT)
            .build();
    byte[] key = keyFirstOn(ring[0], B);
    client.put(key, new byte[] {7});
    assertThat(client.get(key).value()).hasValue(new byte[] {7});
  }

  @Test
  void learnsARingChangeFromTheEpochOnAResponseOnceFromTheNodeThatAnswered() throws IOException {
    int refused = refusingPort();
    AtomicReference<Ring> ring = new AtomicReference<>();
    server =
        TestServer.start(
            serverLoops,
            request -> {
              if (request instanceof RingRequest) {
                return RingResponse.of(ring.get());
              }
              GetResponse stored = (GetResponse) store(request);
              return new GetResponse(stored.versions(), ring.get().epoch());
            });
    ring.set(ring(refused, server.port()));
    client =
        RingstoreClient.builder()
            .seeds("127.0.0.1:" + server.port())
            .defaultTimeout(TIMEOUT)
            .build();
    byte[] key = keyFirstOn(ring.get(), B);
    client.get(key);
    assertThat(server.served(RingRequest.class)).as("the first ring").isEqualTo(1);

    long newEpoch = ring.get().epoch() + 5;
    ring.set(ring.get().withEpoch(newEpoch));
    for (int i = 0; i < 20; i++) {
      client.get(key);
    }
    Await.until(() -> client.ringEpoch() == newEpoch, "the client learns epoch " + newEpoch);
    for (int i = 0; i < 20; i++) {
      client.get(key);
    }

    assertThat(server.served(RingRequest.class)).as("one refresh for the new epoch").isEqualTo(2);
  }

  @Test
  void getResultsFilterTombstonesButKeepTheirHistory() {
    VectorClock live = VectorClock.empty().increment(A, 1, 8);
    VectorClock deleted = VectorClock.empty().increment(B, 2, 8);
    GetResult result =
        GetResult.of(
            new Versioned[] {
              Versioned.of(live, 1, new byte[] {1}), Versioned.tombstone(deleted, 2)
            });
    assertThat(result.values()).containsExactly(new byte[] {1});
    assertThat(result.context()).isEqualTo(new VersionContext(live.merge(deleted)));
    assertThat(GetResult.of(new Versioned[] {Versioned.tombstone(deleted, 2)}).exists()).isFalse();
  }

  private static Function<Request, Response> answering(Response response) {
    return request -> response;
  }

  /** A port nothing listens on: bound by the OS, then released. */
  private static int refusingPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
