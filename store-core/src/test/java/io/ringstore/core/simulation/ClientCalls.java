package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.List;
import java.util.function.Consumer;

/** How the simulated lock and bank clients send a request: to a random node, with a deadline. */
final class ClientCalls {
  private ClientCalls() {}

  /**
   * Sends {@code request} to a random one of {@code nodes}; {@code answer} gets the response, or
   * null on a failure or when {@code timeoutMillis} pass first, exactly once.
   */
  static void call(
      Simulator.Parts parts,
      Transport transport,
      List<NodeId> nodes,
      Request request,
      int timeoutMillis,
      Consumer<Response> answer) {
    NodeId node = nodes.get(parts.random().nextInt(nodes.size()));
    boolean[] done = {false};
    EventQueue.Event deadline =
        parts
            .events()
            .schedule(
                timeoutMillis * 1_000_000L,
                () -> {
                  if (!done[0]) {
                    done[0] = true;
                    answer.accept(null);
                  }
                });
    transport.send(
        node,
        request,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            finish(response);
          }

          @Override
          public void onFailure(Throwable cause) {
            finish(null);
          }

          private void finish(Response response) {
            if (!done[0]) {
              done[0] = true;
              deadline.cancel();
              answer.accept(response);
            }
          }
        });
  }
}
