package io.ringstore.node.net;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
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
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A trivial request handler for socket tests: answers a ping with a pong echoing its number, a get
 * with what a put stored under the key (or nothing), a put by storing the value. Answers on {@code
 * responder}: directly, or from another thread.
 */
final class EchoHandler implements RequestHandler {
  static final NodeId NODE = NodeId.of("echo");

  private final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  private final Executor responder;
  volatile NodeId lastSource;

  EchoHandler(Executor responder) {
    this.responder = responder;
  }

  static EchoHandler direct() {
    return new EchoHandler(Runnable::run);
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    lastSource = source;
    Response response = answer(request);
    responder.execute(() -> respond.accept(response));
  }

  private Response answer(Request request) {
    if (request instanceof Ping ping) {
      return new Pong(ping.sentNanos());
    }
    if (request instanceof PutRequest put) {
      stored.put(keyOf(put.key()), put.value());
      return new PutResponse(VectorClock.empty().increment(NODE, 1, 8));
    }
    if (request instanceof GetRequest get) {
      byte[] value = stored.get(keyOf(get.key()));
      return value == null
          ? new GetResponse(new Versioned[0])
          : new GetResponse(
              List.of(Versioned.of(VectorClock.empty(), 1, value)).toArray(new Versioned[0]));
    }
    return ErrorResponse.of(ErrorCode.BAD_REQUEST, "echo does not serve " + request);
  }

  private static String keyOf(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }
}
