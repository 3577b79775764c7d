package io.ringstore.core.net;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * Serves requests arriving from the network: the node's services implement it and the transport
 * delivers to it. The handler answers by calling {@code respond} once, from any thread and at any
 * later time; it must not block the caller's thread while it works.
 */
public interface RequestHandler {
  /** Handles {@code request} from {@code source} (null for a client that is not a node). */
  void handle(NodeId source, Request request, Consumer<Response> respond);
}
