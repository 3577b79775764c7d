package io.ringstore.node.net;

import static io.ringstore.node.net.Responses.await;
import static io.ringstore.node.net.Responses.awaitFailure;
import static io.ringstore.node.net.Responses.into;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.ringstore.client.netty.ConnectionFailedException;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.client.netty.InFlightLimitException;
import io.ringstore.client.netty.MultiplexedConnection;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DecodeResult;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Frame;
import io.ringstore.core.wire.FrameCodec;
import io.ringstore.core.wire.FrameLimits;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real server on a loopback ephemeral port, talked to by multiplexed connections and raw sockets.
 */
class NettyServerTest {
  private static final long TIMEOUT_MILLIS = 10_000;
  private static final int RAW_SOCKET_TIMEOUT_MILLIS = 10_000;

  private final NodeEventLoops loops = NodeEventLoops.create(2);
  private final EventLoopGroup clientLoops =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final ExecutorService otherThread = Executors.newSingleThreadExecutor();
  private final List<MultiplexedConnection> connections = new ArrayList<>();
  private NettyServer server;

  @BeforeEach
  void start() {
    server = startServer(EchoHandler.direct());
  }

  @AfterEach
  void stop() {
    connections.forEach(MultiplexedConnection::close);
    server.close();
    otherThread.shutdownNow();
    clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    loops.close();
  }

  private NettyServer startServer(RequestHandler handler) {
    return NettyServer.start(
        NodeId.of("server"), "127.0.0.1", 0, handler, FrameLimits.defaults(), loops);
  }

  private MultiplexedConnection connect(NettyServer to, ConnectionSettings settings) {
    Bootstrap bootstrap = new Bootstrap().group(clientLoops).channel(NioSocketChannel.class);
    Endpoint endpoint = new Endpoint("node-under-test", "127.0.0.1", to.port());
    MultiplexedConnection connection = MultiplexedConnection.connect(bootstrap, endpoint, settings);
    connections.add(connection);
    return connection;
  }

  private static CompletableFuture<Response> send(
      MultiplexedConnection connection, Request request) {
    CompletableFuture<Response> future = new CompletableFuture<>();
    connection.send(request, TIMEOUT_MILLIS, into(future));
    return future;
  }

  @Test
  void manyConcurrentRequestsAreMatchedToTheirResponses() throws Exception {
    MultiplexedConnection connection = connect(server, ConnectionSettings.defaults());
    int threads = 4;
    int perThread = 500;
    List<CompletableFuture<List<CompletableFuture<Response>>>> senders = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(threads);
    try {
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        senders.add(
            CompletableFuture.supplyAsync(() -> pings(connection, base, perThread), callers));
      }
      for (int t = 0; t < threads; t++) {
        List<CompletableFuture<Response>> futures = senders.get(t).get();
        for (int i = 0; i < perThread; i++) {
          assertThat(await(futures.get(i))).isEqualTo(new Pong(t * perThread + i));
        }
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(connection.inFlight()).isZero();
  }

  private static List<CompletableFuture<Response>> pings(
      MultiplexedConnection connection, int base, int count) {
    List<CompletableFuture<Response>> futures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      futures.add(send(connection, new Ping(base + i)));
    }
    return futures;
  }

  @Test
  void answersFromAnotherThreadReachTheRightRequest() throws Exception {
    NettyServer async = startServer(new EchoHandler(otherThread));
    try {
      MultiplexedConnection connection = connect(async, ConnectionSettings.defaults());
      byte[] key = "k".getBytes(StandardCharsets.UTF_8);
      byte[] value = "v".getBytes(StandardCharsets.UTF_8);
      await(send(connection, put(key, value)));
      GetResponse got = (GetResponse) await(send(connection, get(key)));
      assertThat(got.versions()).hasSize(1);
      assertThat(got.versions()[0].value()).isEqualTo(value);
      List<CompletableFuture<Response>> futures = pings(connection, 0, 300);
      for (int i = 0; i < futures.size(); i++) {
        assertThat(await(futures.get(i))).isEqualTo(new Pong(i));
      }
    } finally {
      async.close();
    }
  }

  private static PutRequest put(byte[] key, byte[] value) {
    return new PutRequest(key, value, VectorClock.empty(), Consistency.nodeDefault(), 0);
  }

  private static GetRequest get(byte[] key) {
    return new GetRequest(key, Consistency.nodeDefault(), 0);
  }

  @Test
  void garbageClosesOnlyThatConnection() throws Exception {
    MultiplexedConnection healthy = connect(server, ConnectionSettings.defaults());
    try (Socket raw = rawSocket()) {
      raw.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(RawSockets.readUntilClosed(raw.getInputStream())).isZero();
    }
    assertThat(await(send(healthy, new Ping(1)))).isEqualTo(new Pong(1));
  }

  @Test
  void oversizedLengthPrefixClosesTheConnectionBeforeBuffering() throws Exception {
    MultiplexedConnection healthy = connect(server, ConnectionSettings.defaults());
    try (Socket raw = rawSocket()) {
      new java.io.DataOutputStream(raw.getOutputStream()).writeInt(Integer.MAX_VALUE);
      assertThat(RawSockets.readUntilClosed(raw.getInputStream())).isZero();
    }
    assertThat(await(send(healthy, new Ping(2)))).isEqualTo(new Pong(2));
  }

  @Test
  void unknownMessageTypeIsAnsweredWithAProtocolErrorThenClosed() throws Exception {
    MultiplexedConnection healthy = connect(server, ConnectionSettings.defaults());
    byte[] unknownType = {0, 0, 0, 4, FrameCodec.PROTOCOL_VERSION, (byte) 0xE7, 0x07, 42};
    try (Socket raw = rawSocket()) {
      raw.getOutputStream().write(unknownType);
      Frame answer = readFrame(raw.getInputStream());
      assertThat(answer.requestId()).isEqualTo(42);
      ErrorResponse error = (ErrorResponse) answer.message();
      assertThat(error.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
      assertThat(error.message()).contains("UNKNOWN_TYPE").contains("999");
      assertThat(RawSockets.readUntilClosed(raw.getInputStream())).isZero();
    }
    assertThat(await(send(healthy, new Ping(3)))).isEqualTo(new Pong(3));
  }

  private Socket rawSocket() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(RAW_SOCKET_TIMEOUT_MILLIS);
    return socket;
  }

  private static Frame readFrame(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int frameBytes = data.readInt();
    byte[] frame = new byte[FrameCodec.LENGTH_PREFIX_BYTES + frameBytes];
    frame[0] = (byte) (frameBytes >>> 24);
    frame[1] = (byte) (frameBytes >>> 16);
    frame[2] = (byte) (frameBytes >>> 8);
    frame[3] = (byte) frameBytes;
    data.readFully(frame, FrameCodec.LENGTH_PREFIX_BYTES, frameBytes);
    DecodeResult result = new FrameCodec(FrameLimits.defaults()).decode(frame);
    if (result instanceof DecodeResult.Decoded decoded) {
      return decoded.frame();
    }
    throw new EOFException("the server sent a bad frame: " + result);
  }

  @Test
  void inFlightBoundFailsFastAndRecovers() throws Exception {
    BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
    NettyServer silent = startServer(holding(held));
    try {
      int inFlightMax = 4;
      MultiplexedConnection connection =
          connect(silent, ConnectionSettings.defaults().withInFlightMax(inFlightMax));
      List<CompletableFuture<Response>> admitted = pings(connection, 0, inFlightMax);
      Throwable refused = awaitFailure(send(connection, new Ping(99)));
      assertThat(refused)
          .isInstanceOf(InFlightLimitException.class)
          .hasMessageContaining("overloaded");
      take(held, inFlightMax).forEach(Runnable::run);
      for (int i = 0; i < inFlightMax; i++) {
        assertThat(await(admitted.get(i))).isEqualTo(new Pong(i));
      }
      CompletableFuture<Response> later = send(connection, new Ping(100));
      take(held, 1).forEach(Runnable::run);
      assertThat(await(later)).isEqualTo(new Pong(100));
    } finally {
      silent.close();
    }
  }

  /** A handler that holds every answer in {@code held} until the test runs it. */
  private static RequestHandler holding(BlockingQueue<Runnable> held) {
    EchoHandler echo = EchoHandler.direct();
    return (NodeId source, Request request, Consumer<Response> respond) ->
        held.add(() -> echo.handle(source, request, respond));
  }

  /** Takes {@code count} held answers, waiting a bounded time for each to arrive. */
  private static List<Runnable> take(BlockingQueue<Runnable> held, int count)
      throws InterruptedException {
    List<Runnable> taken = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Runnable answer = held.poll(Responses.AWAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(answer).as("request %d reached the server", i).isNotNull();
      taken.add(answer);
    }
    return taken;
  }

  @Test
  void pendingRequestsFailNamingTheNodeWhenTheServerGoesAway() throws Exception {
    BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
    NettyServer doomed = startServer(holding(held));
    MultiplexedConnection connection = connect(doomed, ConnectionSettings.defaults());
    List<CompletableFuture<Response>> pending = pings(connection, 0, 10);
    take(held, 10);
    doomed.close();
    for (CompletableFuture<Response> future : pending) {
      assertThat(awaitFailure(future))
          .isInstanceOf(ConnectionFailedException.class)
          .hasMessageContaining("node-under-test")
          .hasMessageContaining("closed");
    }
    assertThat(connection.isClosed()).isTrue();
    assertThat(connection.inFlight()).isZero();
    assertThat(awaitFailure(send(connection, new Ping(11))))
        .isInstanceOf(ConnectionFailedException.class);
  }
}
