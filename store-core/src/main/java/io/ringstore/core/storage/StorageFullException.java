package io.ringstore.core.storage;

/**
 * The disk is full: the write was not stored, and the engine still serves reads. Free space or add
 * capacity; writes succeed again once there is room.
 */
public final class StorageFullException extends StorageException {
  private static final long serialVersionUID = 1L;

  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
