package io.ringstore.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that accepts connections but never answers (as a paused process or a partition looks to
 * the client), beside one that answers, both on real sockets on distinct loopback addresses. The
 * tests assert where requests went and what they returned, never how long they took.
 */
class SilentNodeTest {
  private static final NodeId SILENT = NodeId.of("a");
  private static final Duration TIMEOUT = Duration.ofSeconds(4);

  /** Long enough that the first request surely still waits when the second has its answer. */
  private static final Duration LONG_TIMEOUT = Duration.ofSeconds(10);

  private static final int REQUESTS = 100;
  private static final int KEY_SEARCH_MAX = 10_000;

  private final EventLoopGroup serverLoops =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestServer live;
  private Ring ring;
  private RingstoreClient client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    for (AutoCloseable server : closing) {
      server.close();
    }
    serverLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void onceSuspectedTheSilentNodeGetsNoMoreRequests() {
    TestServer silent = startRing(request -> null);
    client = clientOver(RingstoreClient.builder().defaultTimeout(TIMEOUT));
    List<byte[]> keys = keysFirstOnSilentNode(REQUESTS);

    assertThat(client.get(keys.get(0)).exists()).isFalse();
    assertThat(client.nodeHealth().isSuspected(SILENT)).isTrue();
    for (int i = 0; i < REQUESTS; i++) {
      byte[] key = keys.get(i);
      byte[] value = {(byte) i};
      client.put(key, value);
      assertThat(client.get(key).value()).hasValue(value);
    }

    assertThat(dataRequests(silent)).as("only the first request's first attempt").isEqualTo(1);
    assertThat(dataRequests(live)).isEqualTo(1 + 2 * REQUESTS);
  }

  @Test
  void aNodeWhoseRequestSlotsAreFullSendsTheNextRequestElsewhereAtOnce() throws Exception {
    TestServer silent = startRing(request -> null);
    client =
        clientOver(RingstoreClient.builder().inFlightMaxPerNode(1).defaultTimeout(LONG_TIMEOUT));
    List<byte[]> keys = keysFirstOnSilentNode(2);

    CompletableFuture<GetResult> waiting = client.getAsync(keys.get(0));
    GetResult second =
        client.getAsync(keys.get(1)).get(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);

    assertThat(second.exists()).isFalse();
    assertThat(waiting).as("the first request still holds the silent node's only slot").isNotDone();
    assertThat(client.nodeHealth().isSuspected(SILENT)).as("a full node is not suspect").isFalse();
    Await.until(() -> dataRequests(silent) == 1, "the first request reaches the silent node");
    assertThat(waiting.get(Await.DEADLINE_MILLIS, TimeUnit.MILLISECONDS).exists()).isFalse();
    assertThat(dataRequests(silent)).isEqualTo(1);
    assertThat(dataRequests(live)).isEqualTo(2);
  }

  @Test
  void aSuspectedNodeThatAnswersAPingAgainIsUsedAgain() {
    AtomicBoolean answering = new AtomicBoolean();
    TestServer paused = startRing(request -> answering.get() ? store(request) : null);
    client = clientOver(RingstoreClient.builder().defaultTimeout(TIMEOUT));
    byte[] key = keysFirstOnSilentNode(1).get(0);
    client.get(key);
    assertThat(client.nodeHealth().isSuspected(SILENT)).isTrue();

    answering.set(true);
    AtomicInteger requests = new AtomicInteger();
    Await.until(
        () -> {
          requests.incrementAndGet();
          return client.get(key) != null && dataRequests(paused) > 1;
        },
        "a request reaches the resumed node again");

    assertThat(paused.served(Ping.class)).as("it came back through a probe").isPositive();
    assertThat(client.nodeHealth().isSuspected(SILENT)).isFalse();
    assertThat(dataRequests(live)).as("the requests before it was trusted").isPositive();
  }

  /** Starts the live node and the silent one ({@code silentAnswer}) and a ring of both. */
  private TestServer startRing(Function<Request, Response> silentAnswer) {
    live = start("127.0.0.1", this::store);
    TestServer silent = start("127.0.0.2", silentAnswer);
    ring =
        Ring.of(
            RingConfig.defaults().withReplicationFactor(2).withVnodesPerUnitWeight(16),
            List.of(
                Member.of(SILENT.value(), silent.host(), silent.port()),
                Member.of("b", live.host(), live.port())));
    return silent;
  }

  private TestServer start(String host, Function<Request, Response> answer) {
    TestServer server = TestServer.start(serverLoops, host, answer);
    closing.add(server);
    return server;
  }

  private RingstoreClient clientOver(RingstoreClient.Builder builder) {
    Ring fixed = ring;
    return builder.ringSource(() -> CompletableFuture.completedFuture(fixed)).build();
  }

  private Response store(Request request) {
    if (request instanceof Ping ping) {
      return new Pong(ping.sentNanos());
    }
    if (request instanceof PutRequest put) {
      stored.put(new String(put.key(), StandardCharsets.UTF_8), put.value());
      return new PutResponse(VectorClock.empty().increment(NodeId.of("b"), 1, 8));
    }
    GetRequest get = (GetRequest) request;
    byte[] value = stored.get(new String(get.key(), StandardCharsets.UTF_8));
    VectorClock clock = VectorClock.empty().increment(NodeId.of("b"), 1, 8);
    return new GetResponse(
        value == null ? new Versioned[0] : new Versioned[] {Versioned.of(clock, 1, value)});
  }

  private static int dataRequests(TestServer server) {
    return server.served(GetRequest.class) + server.served(PutRequest.class);
  }

  private List<byte[]> keysFirstOnSilentNode(int count) {
    List<byte[]> keys = new ArrayList<>(count);
    for (int i = 0; i < KEY_SEARCH_MAX && keys.size() < count; i++) {
      byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      if (ring.preferenceList(key).replica(0).id().equals(SILENT)) {
        keys.add(key);
      }
    }
    assertThat(keys).as("keys whose first replica is the silent node").hasSize(count);
    return keys;
  }
}
