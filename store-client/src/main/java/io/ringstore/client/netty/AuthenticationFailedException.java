package io.ringstore.client.netty;

/** A connection could not authenticate, or the node could not prove the shared secret. */
public final class AuthenticationFailedException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** The failure, with what went wrong and what to do. */
  public AuthenticationFailedException(String message) {
    super(message, null);
  }
}
