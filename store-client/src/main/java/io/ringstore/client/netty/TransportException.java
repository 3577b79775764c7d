package io.ringstore.client.netty;

/**
 * A request sent over a {@link MultiplexedConnection} got no response: the connection failed, was
 * too busy to take it, or the response did not come in time. The message names the node.
 */
public class TransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message for the operator and an optional cause. */
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
