package io.ringstore.client;

/**
 * Why a ringstore request failed. Unchecked; the subclasses say what kind of failure it was and
 * every message says what to try. A failed write may still have been applied on some replicas: read
 * the key again before deciding what to do.
 */
public class RingstoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public RingstoreException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public RingstoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
