package io.ringstore.core.storage;

/** The engine was closed; open it again to use it. */
public final class StorageClosedException extends StorageException {
  private static final long serialVersionUID = 1L;

  public StorageClosedException(String message) {
    super(message);
  }
}
