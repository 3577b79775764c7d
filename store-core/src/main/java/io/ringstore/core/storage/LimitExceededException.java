package io.ringstore.core.storage;

/** A key or value is larger than the engine's configured limit; nothing was written. */
public final class LimitExceededException extends StorageException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String message) {
    super(message);
  }
}
