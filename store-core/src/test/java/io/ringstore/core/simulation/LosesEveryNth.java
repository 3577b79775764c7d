package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.wire.Request;

/**
 * A lossy link for bite proofs: every {@code n}th request sent through it vanishes (no answer, no
 * failure, as a message dropped on the wire); the others pass. Deterministic: the loss follows the
 * count of requests, not a random draw.
 */
final class LosesEveryNth implements Transport {
  private final Transport link;
  private final int n;
  private long sent;

  LosesEveryNth(Transport link, int n) {
    this.link = link;
    this.n = n;
  }

  /** {@code link}, losing every fifth request. */
  static Transport fifth(Transport link) {
    return new LosesEveryNth(link, 5);
  }

  @Override
  public void send(NodeId destination, Request request, ResponseHandler handler) {
    if (++sent % n != 0) {
      link.send(destination, request, handler);
    }
  }
}
