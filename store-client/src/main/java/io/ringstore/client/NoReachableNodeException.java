package io.ringstore.client;

/**
 * No node that could serve the request was reachable: every replica of the key refused the
 * connection, broke it, or is waiting out a reconnect backoff; or the client could not learn the
 * ring from any seed. The suppressed exceptions hold each node's failure.
 */
public final class NoReachableNodeException extends RingstoreException {
  private static final long serialVersionUID = 1L;

  NoReachableNodeException(String message) {
    super(message);
  }
}
