package io.ringstore.core.storage;

/**
 * A key or value is larger than the engine's configured limit, or a write would give a key more
 * siblings than the bound allows; nothing was written.
 */
public final class LimitExceededException extends StorageException {
  private static final long serialVersionUID = 1L;

  public LimitExceededException(String message) {
    super(message);
  }
}
