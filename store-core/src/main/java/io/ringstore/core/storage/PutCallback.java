package io.ringstore.core.storage;

/**
 * Hears once how a {@link StorageEngine#putThen} ended: stored (or obsolete) and as durable as the
 * engine's fsync policy promises, or failed. Called on whatever thread finished the write, possibly
 * the caller's own before {@code putThen} returns: it must not block.
 */
public interface PutCallback {
  /** The write is done; {@code outcome} says whether it was stored or obsolete. */
  void completed(PutOutcome outcome);

  /** The write failed; its durability is unknown unless the failure says otherwise. */
  void failed(RuntimeException failure);
}
