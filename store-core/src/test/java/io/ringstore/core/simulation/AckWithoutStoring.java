package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * A deliberately broken replica, for proving the checkers bite: it acknowledges every {@link
 * ReplicaPutRequest} as applied without storing it, and serves everything else.
 */
final class AckWithoutStoring implements RequestHandler {
  private final RequestHandler delegate;

  AckWithoutStoring(RequestHandler delegate) {
    this.delegate = delegate;
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    if (request instanceof ReplicaPutRequest) {
      respond.accept(new ReplicaPutResponse(true));
    } else {
      delegate.handle(source, request, respond);
    }
  }
}
