package io.ringstore.client;

/**
 * The request was not sent: every replica tried already had the maximum number of requests in
 * flight from this client, or answered that it is overloaded. The client sends faster than the
 * cluster answers.
 */
public final class ClientOverloadedException extends RingstoreException {
  private static final long serialVersionUID = 1L;

  ClientOverloadedException(String message) {
    super(message);
  }
}
