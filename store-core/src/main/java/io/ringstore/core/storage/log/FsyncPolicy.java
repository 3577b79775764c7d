package io.ringstore.core.storage.log;

/** When the log engine forces appended bytes to disk; chosen per node. */
public enum FsyncPolicy {
  /**
   * A write returns once its bytes are on disk. Concurrent writers share one fsync (group commit)
   * unless {@link LogStorageOptions#groupCommit()} is off. The default.
   */
  ALWAYS,
  /**
   * Appended bytes are forced every {@link LogStorageOptions#fsyncIntervalMillis()}: a crash loses
   * at most that window of acknowledged writes.
   */
  INTERVAL,
  /** Bytes are forced only on segment rollover, {@code sync()} and {@code close()}. */
  NEVER
}
