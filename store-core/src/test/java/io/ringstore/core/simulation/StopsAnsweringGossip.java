package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.wire.ClientRequest;
import io.ringstore.core.wire.GossipAck2;
import io.ringstore.core.wire.GossipSyn;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * A deliberately broken node, for proving the membership checkers bite: once it has coordinated a
 * client request, it never answers gossip again (as a gossip handler stuck behind a lock would),
 * while serving everything else and gossiping itself.
 */
final class StopsAnsweringGossip implements RequestHandler {
  private final RequestHandler delegate;
  private boolean stuck;

  StopsAnsweringGossip(RequestHandler delegate) {
    this.delegate = delegate;
  }

  @Override
  public void handle(NodeId source, Request request, Consumer<Response> respond) {
    if (request instanceof ClientRequest) {
      stuck = true;
    }
    if (stuck && (request instanceof GossipSyn || request instanceof GossipAck2)) {
      return;
    }
    delegate.handle(source, request, respond);
  }
}
