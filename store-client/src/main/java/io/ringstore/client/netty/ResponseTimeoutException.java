package io.ringstore.client.netty;

/**
 * No response to a request arrived within its timeout. The request may still have been applied: a
 * late response is dropped.
 */
public final class ResponseTimeoutException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** An exception naming the node and the timeout. */
  public ResponseTimeoutException(Endpoint endpoint, long timeoutMillis) {
    super("no response from " + endpoint + " within " + timeoutMillis + " ms", null);
  }
}
