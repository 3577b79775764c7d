package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * A deliberately broken replica, for proving the checkers bite: it acknowledges every {@code
 * everyNth} {@link ReplicaPutRequest} as applied without storing it (every one for 1), and serves
 * everything else. It counts, so it draws nothing from the run's random source.
 */
final class AckWithoutStoring implements RequestHandler {
  private final RequestHandler delegate;
  private final int everyNth;
  private long replicaPuts;

  AckWithoutStoring(RequestHandler delegate, int everyNth) {
    if (everyNth < 1) {
      throw new IllegalArgumentException("everyNth must be at least 1; got " + everyNth);
    }
    this.delegate = delegate;
    this.everyNth = everyNth;
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    if (request instanceof ReplicaPutRequest && ++replicaPuts % everyNth == 0) {
      respond.accept(new ReplicaPutResponse(true));
    } else {
      delegate.handle(source, request, respond);
    }
  }
}
