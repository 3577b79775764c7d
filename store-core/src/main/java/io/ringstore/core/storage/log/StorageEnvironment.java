package io.ringstore.core.storage.log;

import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import java.util.concurrent.Executor;

/**
 * What the log engine needs from its host: the clock (tombstone expiry), the scheduler (interval
 * fsync, periodic compaction checks), an executor for background work (compaction, sealing filled
 * segments, interval fsync) and one for the forces that acknowledge writes made with {@code
 * putThen} (group commit), so the engine itself starts no threads. The syncer runs one force at a
 * time; production gives it a thread of its own, so that a force never queues behind a compaction.
 * Tests pass a manual clock and scheduler and direct executors ({@code Runnable::run}).
 */
public record StorageEnvironment(
    Clock clock, Scheduler scheduler, Executor background, Executor syncer) {
  public StorageEnvironment {
    if (clock == null || scheduler == null || background == null || syncer == null) {
      throw new IllegalArgumentException(
          "storage environment: clock, scheduler, background and syncer executors must all be"
              + " given");
    }
  }

  /** An environment whose group-commit forces run on the background executor too. */
  public StorageEnvironment(Clock clock, Scheduler scheduler, Executor background) {
    this(clock, scheduler, background, background);
  }
}
