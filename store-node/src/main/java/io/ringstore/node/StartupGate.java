package io.ringstore.node;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * The handler the server serves while the node is still being wired: the server must be bound
 * before the node knows its own port (port 0), and the services need that port. Until {@link #open}
 * it answers every request with {@link ErrorCode#UNAVAILABLE}; after, it forwards to the node's
 * handler.
 */
final class StartupGate implements RequestHandler {
  private volatile RequestHandler target;

  /** Starts forwarding every request to {@code handler}. */
  void open(RequestHandler handler) {
    this.target = handler;
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    RequestHandler current = target;
    if (current == null) {
      respond.accept(ErrorResponse.of(ErrorCode.UNAVAILABLE, "the node is starting; retry"));
    } else {
      current.handle(source, request, respond);
    }
  }
}
