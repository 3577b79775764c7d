package io.ringstore.client;

/**
 * The request did not complete within its timeout: no replica answered in time, or the coordinating
 * node gave up waiting for the others. A write may still have been applied.
 */
public final class RequestTimeoutException extends RingstoreException {
  private static final long serialVersionUID = 1L;

  RequestTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
