package io.ringstore.client;

/**
 * A lease no longer holds its lock: its lease ran out and another acquisition took the lock over,
 * or it was released. Stop the work the lock guarded; fenced writes with its token are refused once
 * the new holder wrote.
 */
public final class LockLostException extends RingstoreException {
  private static final long serialVersionUID = 1L;

  LockLostException(String message) {
    super(message);
  }
}
