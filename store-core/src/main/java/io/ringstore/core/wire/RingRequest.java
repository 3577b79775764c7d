package io.ringstore.core.wire;

/**
 * A client asks a node for its current ring, to route requests to a key's replicas itself; the node
 * answers with a {@link RingResponse}. No fields: the node always sends its whole snapshot.
 */
public record RingRequest() implements ClientRequest {}
