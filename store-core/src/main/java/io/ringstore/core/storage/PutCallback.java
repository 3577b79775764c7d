package io.ringstore.core.storage;

/**
 * Where {@link StorageEngine#putAsync} reports, exactly once, from the thread that made the write
 * durable. An implementation runs on that thread (a group commit's syncer) and must be quick; what
 * it throws reaches that thread, after every other write of the batch was told.
 */
public interface PutCallback {
  /** The put returned {@code outcome}: the write is as durable as the fsync policy promises. */
  void completed(PutOutcome outcome);

  /** The put failed as {@link StorageEngine#put} would have thrown. */
  void failed(RuntimeException failure);
}
