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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

  private volatile boolean ignoreEachPutOnce;
  private final Set<String> putsIgnored = ConcurrentHashMap.newKeySet();

  /** The coordinator budget of every read the live node received. */
  private final List<Integer> liveGetTimeouts = new CopyOnWriteArrayList<>();

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

  /**
   * Once the silent node is suspected, the live node is the last trusted replica of its keys, with
   * only the suspected one behind it: it gets all the time left but the attempt floor kept for the
   * suspected one, not the short attempt timeout its latency would give it (a live node slow for a
   * moment then failed requests whose last attempt went to a paused node). Seen in the read budget
   * the live node's coordinator is told.
   */
  @Test
  void theLastTrustedReplicaGetsTheTimeLeftButAFloorForEachSuspectedOneBehindIt() {
    startRing(request -> null);
    client = clientOver(RingstoreClient.builder().defaultTimeout(TIMEOUT));
    List<byte[]> keys = keysFirstOnSilentNode(2 * LatencyWindow.RECOMPUTE_EVERY);
    client.get(keys.get(0));
    assertThat(client.nodeHealth().isSuspected(SILENT)).isTrue();

    keys.forEach(client::get);

    long floorsLeftOut = 2 * AttemptTimeouts.FLOOR_MILLIS;
    assertThat((long) liveGetTimeouts.get(liveGetTimeouts.size() - 1))
        .as("the coordinator's budget on the last trusted replica")
        .isGreaterThan(TIMEOUT.toMillis() / 2)
        .isLessThanOrEqualTo(
            TIMEOUT.toMillis() - floorsLeftOut + RoutedCall.COORDINATOR_MARGIN_MILLIS_MAX);
  }

  /**
   * Every replica tried with time left, one of them only timed out: it is asked once more, in a
   * final round with the time left, instead of the request failing with most of its time unused (a
   * moment when every live node was slow then failed requests whose last replica was dead).
   */
  @Test
  void aReplicaThatOnlyTimedOutIsAskedAgainWhenEveryReplicaWasTried() throws Exception {
    TestServer gone = startRing(request -> null);
    gone.close();
    ignoreEachPutOnce = true;
    client = clientOver(RingstoreClient.builder().defaultTimeout(TIMEOUT));
    byte[] key = keysFirstOn(NodeId.of("b"), 1).get(0);

    client.put(key, new byte[] {7});

    assertThat(live.served(PutRequest.class)).as("ignored once, then answered").isEqualTo(2);
    assertThat(client.get(key).value()).hasValue(new byte[] {7});
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
    live = start("127.0.0.1", this::answerLive);
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

  /** The live node: stores and answers, but ignores each put's first arrival if told to. */
  private Response answerLive(Request request) {
    if (ignoreEachPutOnce
        && request instanceof PutRequest put
        && putsIgnored.add(new String(put.key(), StandardCharsets.UTF_8))) {
      return null;
    }
    return store(request);
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
    liveGetTimeouts.add(get.timeoutMillis());
    byte[] value = stored.get(new String(get.key(), StandardCharsets.UTF_8));
    VectorClock clock = VectorClock.empty().increment(NodeId.of("b"), 1, 8);
    return new GetResponse(
        value == null ? new Versioned[0] : new Versioned[] {Versioned.of(clock, 1, value)});
  }

  private static int dataRequests(TestServer server) {
    return server.served(GetRequest.class) + server.served(PutRequest.class);
  }

  private List<byte[]> keysFirstOnSilentNode(int count) {
    return keysFirstOn(SILENT, count);
  }

  private List<byte[]> keysFirstOn(NodeId node, int count) {
    List<byte[]> keys = new ArrayList<>(count);
    for (int i = 0; i < KEY_SEARCH_MAX && keys.size() < count; i++) {
      byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      if (ring.preferenceList(key).replica(0).id().equals(node)) {
        keys.add(key);
      }
    }
    assertThat(keys).as("keys whose first replica is " + node).hasSize(count);
    return keys;
  }
}
