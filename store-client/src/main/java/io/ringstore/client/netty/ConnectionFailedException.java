package io.ringstore.client.netty;

/**
 * The connection to a node could not be opened, broke, or is waiting out a reconnect backoff. The
 * request was not answered; it may or may not have reached the node.
 */
public final class ConnectionFailedException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming the node, and the underlying cause if any. */
  public ConnectionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
