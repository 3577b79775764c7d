package io.ringstore.core.membership;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.Clock;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.Objects;

/**
 * A {@link Transport} decorator that feeds every request's fate to {@link PeerEvidence} and bounds
 * the requests in flight to each node: a request beyond {@code inFlightMaxPerNode} fails at once
 * with {@link InFlightLimitException}, so that a silent node cannot absorb every request slot and
 * the caller moves on to another replica. Requests to this node itself pass through unobserved.
 */
public final class ObservedTransport implements Transport {
  /** Default bound on the requests in flight to one node. */
  public static final int IN_FLIGHT_MAX_PER_NODE_DEFAULT = 4_096;

  private final NodeId self;
  private final Transport inner;
  private final PeerEvidence evidence;
  private final Clock clock;
  private final int inFlightMaxPerNode;

  /**
   * Observes {@code inner}'s requests from {@code self}.
   *
   * @param inFlightMaxPerNode at least 1
   */
  public ObservedTransport(
      NodeId self, Transport inner, PeerEvidence evidence, Clock clock, int inFlightMaxPerNode) {
    if (inFlightMaxPerNode < 1) {
      throw new IllegalArgumentException("inFlightMaxPerNode must be at least 1");
    }
    this.self = Objects.requireNonNull(self, "self");
    this.inner = Objects.requireNonNull(inner, "inner");
    this.evidence = Objects.requireNonNull(evidence, "evidence");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inFlightMaxPerNode = inFlightMaxPerNode;
  }

  @Override
  public void send(NodeId destination, Request request, ResponseHandler handler) {
    if (destination.equals(self)) {
      inner.send(destination, request, handler);
      return;
    }
    if (evidence.sent(destination, clock.monotonicNanos()) > inFlightMaxPerNode) {
      evidence.unsent(destination);
      handler.onFailure(new InFlightLimitException(destination, inFlightMaxPerNode));
      return;
    }
    inner.send(destination, request, new Observing(destination, handler));
  }

  /** Too many requests to one node are waiting for their answers. */
  public static final class InFlightLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InFlightLimitException(NodeId node, int max) {
      super(node + " has " + max + " requests in flight already; asking another replica", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // expected under load, and thrown per request: no stack trace
    }
  }

  private final class Observing implements ResponseHandler {
    private final NodeId destination;
    private final ResponseHandler handler;

    Observing(NodeId destination, ResponseHandler handler) {
      this.destination = destination;
      this.handler = handler;
    }

    @Override
    public void onResponse(Response response) {
      evidence.answered(destination, clock.monotonicNanos());
      handler.onResponse(response);
    }

    @Override
    public void onFailure(Throwable cause) {
      evidence.failed(destination);
      handler.onFailure(cause);
    }
  }
}
