package io.ringstore.core.wire;

import io.ringstore.core.cluster.NodeId;
import java.util.Objects;

/**
 * The first request on every connection a node opens to another node: it names the sending node, so
 * that the receiver hands later requests on that connection to its services with that node as their
 * source. The receiver answers with a {@link PeerWelcome} naming itself.
 *
 * <p><b>Pitfalls.</b> The claim is not authenticated: any process that can reach the port may say
 * it is a node. Authenticating peers (mutual TLS) is a later issue; until then run nodes on a
 * trusted network.
 *
 * @param node the node that opened the connection
 */
public record PeerHello(NodeId node) implements PeerRequest {
  /** Rejects a null node. */
  public PeerHello {
    Objects.requireNonNull(node, "node");
  }
}
