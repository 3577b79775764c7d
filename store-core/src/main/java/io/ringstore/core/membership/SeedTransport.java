package io.ringstore.core.membership;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.wire.Request;

/**
 * Sends a request to an address rather than a node id: how a node reaches its seeds before it knows
 * who they are. Same promises as {@link io.ringstore.core.net.Transport}: none about delivery.
 */
@FunctionalInterface
public interface SeedTransport {
  /** Sends {@code request} to whatever node listens at {@code seed}. */
  void send(HostPort seed, Request request, ResponseHandler handler);
}
