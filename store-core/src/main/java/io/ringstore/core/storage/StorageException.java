package io.ringstore.core.storage;

/**
 * A storage engine failed to do what was asked. Subclasses say why; the message always names what
 * went wrong and what the operator can do.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
