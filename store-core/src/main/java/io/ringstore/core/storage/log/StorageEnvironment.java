package io.ringstore.core.storage.log;

import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import java.util.concurrent.Executor;

/**
 * What the log engine needs from its host: the clock (tombstone expiry), the scheduler (interval
 * fsync, periodic compaction checks) and an executor for background work (compaction, sealing
 * filled segments, interval fsync) and one for the group commit's forces of writes that wait
 * without a thread ({@code syncer}: one dedicated thread in production, so that a force never waits
 * behind a compaction pass), so the engine itself starts no threads. Tests pass a manual clock and
 * scheduler and a direct executor ({@code Runnable::run}).
 */
public record StorageEnvironment(
    Clock clock, Scheduler scheduler, Executor background, Executor syncer) {
  public StorageEnvironment {
    if (clock == null || scheduler == null || background == null || syncer == null) {
      throw new IllegalArgumentException(
          "storage environment: clock, scheduler, background executor and syncer must all be"
              + " given");
    }
  }

  /** An environment whose group commit forces on the background executor too. */
  public StorageEnvironment(Clock clock, Scheduler scheduler, Executor background) {
    this(clock, scheduler, background, background);
  }
}
