package io.ringstore.client.netty;

/**
 * A connection already had {@link ConnectionSettings#inFlightMax()} requests in flight, so it
 * refused another instead of queueing without bound. The request was never sent.
 */
public final class InFlightLimitException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the node and the limit. */
  public InFlightLimitException(Endpoint endpoint, int inFlightMax) {
    super(
        "overloaded: "
            + inFlightMax
            + " requests already in flight to "
            + endpoint
            + "; send more slowly, spread load over more nodes, or raise inFlightMax",
        null);
  }
}
