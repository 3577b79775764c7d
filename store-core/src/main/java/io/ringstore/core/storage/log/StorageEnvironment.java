package io.ringstore.core.storage.log;

import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import java.util.concurrent.Executor;

/**
 * What the log engine needs from its host: the clock (tombstone expiry), the scheduler (interval
 * fsync, periodic compaction checks) and an executor for background work (compaction, sealing
 * filled segments, interval fsync), so the engine itself starts no threads. Tests pass a manual
 * clock and scheduler and a direct executor ({@code Runnable::run}).
 */
public record StorageEnvironment(Clock clock, Scheduler scheduler, Executor background) {
  public StorageEnvironment {
    if (clock == null || scheduler == null || background == null) {
      throw new IllegalArgumentException(
          "storage environment: clock, scheduler and background executor must all be given");
    }
  }
}
