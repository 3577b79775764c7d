package io.ringstore.node.admin;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * Times every request the node serves, from its arrival at the handler to its answer, and counts
 * the answers that report a failure (see {@link RequestMetrics}). A request the handler throws on
 * is counted by the dispatcher's {@code INTERNAL} answer, not here.
 */
final class MeteredRequestHandler implements RequestHandler {
  private final RequestHandler served;
  private final RequestMetrics metrics;

  MeteredRequestHandler(RequestHandler served, RequestMetrics metrics) {
    this.served = served;
    this.metrics = metrics;
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    long startNanos = metrics.start();
    served.handle(
        source,
        request,
        response -> {
          metrics.end(request, startNanos, response);
          respond.accept(response);
        });
  }
}
