package io.ringstore.node.admin;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;

/**
 * Times every request this node sends to another node, from the send to the answer, and counts
 * answers that report a failure and requests that got none ({@link RequestMetrics#NO_ANSWER}: the
 * connection failed or the answer did not come in time).
 */
final class MeteredTransport implements Transport {
  private final Transport sending;
  private final RequestMetrics metrics;

  MeteredTransport(Transport sending, RequestMetrics metrics) {
    this.sending = sending;
    this.metrics = metrics;
  }

  @Override
  public void send(NodeId destination, Request request, ResponseHandler handler) {
    long startNanos = metrics.start();
    sending.send(
        destination,
        request,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            metrics.end(request, startNanos, response);
            handler.onResponse(response);
          }

          @Override
          public void onFailure(Throwable cause) {
            metrics.endFailed(request, startNanos, RequestMetrics.NO_ANSWER);
            handler.onFailure(cause);
          }
        });
  }
}
