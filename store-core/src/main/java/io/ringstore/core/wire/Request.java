package io.ringstore.core.wire;

/** A message that asks for a {@link Response} carrying the same request id. */
public sealed interface Request extends Message permits ClientRequest, PeerRequest {}
