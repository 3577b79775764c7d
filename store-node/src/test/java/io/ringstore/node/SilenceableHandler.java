package io.ringstore.node;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * A fault-injecting decorator: serves normally until {@link #silence}, then drops every request
 * without an answer, as a hung node would (the sender hears nothing and its deadline decides).
 */
final class SilenceableHandler implements RequestHandler {
  private final RequestHandler delegate;
  private volatile boolean silent;

  SilenceableHandler(RequestHandler delegate) {
    this.delegate = delegate;
  }

  void silence() {
    silent = true;
  }

  void speak() {
    silent = false;
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    if (!silent) {
      delegate.handle(source, request, respond);
    }
  }
}
