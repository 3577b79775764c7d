package io.ringstore.core.simulation;

import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.log.LogEngineSeam;
import io.ringstore.core.storage.log.LogStorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import io.ringstore.core.storage.log.StorageEnvironment;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A simulated node's storage: the real {@link LogStorageEngine} over the node's {@link
 * SimulatedDisk}. Each {@link #open} is a fresh engine that recovers from whatever the disk holds
 * (the real recovery path); a crash abandons the open engine without closing it and cuts the disk's
 * power; a lost disk comes back empty. A power failure may also be armed to cut the disk's next
 * write short, mid-event.
 *
 * <p>Options: {@link io.ringstore.core.storage.log.FsyncPolicy#ALWAYS} as in production, so an
 * acknowledged write is durable; segments at the 1 KiB floor, so a run of a few hundred writes
 * rolls over, seals, writes hints and compacts (checked every {@link #COMPACTION_CHECK_MILLIS})
 * instead of living in one segment; no value cache (Caffeine's eviction draws from an unseeded
 * source, and reads from the in-memory disk are cheap). A run's config may change the options, to
 * plant a broken engine.
 */
final class SimulatedStorage {
  /** Period of the engine's compaction check, on the node's clock. */
  static final long COMPACTION_CHECK_MILLIS = 250;

  /** How long a delivered hint's tombstone stays before compaction may drop it. */
  static final long HINT_TOMBSTONE_GRACE_MILLIS = 1_000;

  private final SimulatedDisk disk;
  private final Partitioner partitioner;
  private final UnaryOperator<LogStorageOptions> adjust;
  private final UnaryOperator<StorageEngine> faults;

  /**
   * A disk and the engines opened over it: {@code adjust} changes their options, {@code faults}
   * wraps each one the node serves from ({@link #serve}).
   */
  SimulatedStorage(
      Random random,
      Partitioner partitioner,
      UnaryOperator<LogStorageOptions> adjust,
      UnaryOperator<StorageEngine> faults) {
    this.disk = new SimulatedDisk(random);
    this.partitioner = partitioner;
    this.adjust = adjust;
    this.faults = faults;
  }

  /** The engine the node serves from: {@code opened} with the run's engine faults, if any. */
  StorageEngine serve(StorageEngine opened) {
    return faults.apply(opened);
  }

  /** A fresh engine over the disk, recovering what it holds, on the node's clock and queue. */
  LogStorageEngine open(Clock clock, Scheduler scheduler, Executor background) {
    return LogEngineSeam.open(
        options(), new StorageEnvironment(clock, scheduler, background), disk);
  }

  /**
   * A fresh engine for the node's hints over the same disk (so a crash, a power failure and a lost
   * disk take hints with the data), with the data's fsync policy and no faults.
   */
  LogStorageEngine openHints(Clock clock, Scheduler scheduler, Executor background) {
    return LogEngineSeam.open(
        hintOptions(), new StorageEnvironment(clock, scheduler, background), disk);
  }

  /**
   * A fresh engine for the node's Paxos acceptor state over the same disk (a crash, a power failure
   * and a lost disk take it with the data), forcing every write as production's does, and no
   * faults.
   */
  LogStorageEngine openPaxos(Clock clock, Scheduler scheduler, Executor background) {
    return LogEngineSeam.open(
        LogStorageOptions.defaults(disk.paxosDirectory())
            .withSegmentBytesMax(LogStorageOptions.SEGMENT_BYTES_MAX_FLOOR)
            .withCacheBytesMax(0)
            .withCompactionCheckIntervalMillis(COMPACTION_CHECK_MILLIS),
        new StorageEnvironment(clock, scheduler, background),
        disk);
  }

  /** Cuts the power: the disk keeps what was forced and may tear the last write. */
  String crash() {
    return disk.crash();
  }

  /** The disk's next write is cut short by a power failure; see {@link SimulatedDisk}. */
  void armPowerFailure(Consumer<String> onFailure) {
    disk.armPowerFailure(onFailure);
  }

  /** Disarms a power failure that has not happened; returns whether one was armed. */
  boolean disarmPowerFailure() {
    return disk.disarmPowerFailure();
  }

  /** Whether the power failed mid-write and the node has not crashed since. */
  boolean powerFailed() {
    return disk.powerFailed();
  }

  /** The disk is lost; the next {@link #open} starts empty. */
  void wipe() {
    disk.wipe();
  }

  /** One bit of a data segment flips on the disk; see {@link SimulatedDisk#flipBit}. */
  String flipBit() {
    return disk.flipBit();
  }

  private LogStorageOptions hintOptions() {
    return LogStorageOptions.defaults(disk.hintsDirectory())
        .withSegmentBytesMax(LogStorageOptions.SEGMENT_BYTES_MAX_FLOOR)
        .withCacheBytesMax(0)
        .withTombstoneGraceMillis(HINT_TOMBSTONE_GRACE_MILLIS)
        .withCompactionCheckIntervalMillis(COMPACTION_CHECK_MILLIS);
  }

  private LogStorageOptions options() {
    return adjust.apply(
        LogStorageOptions.defaults(disk.dataDirectory())
            .withPartitioner(partitioner)
            .withSegmentBytesMax(LogStorageOptions.SEGMENT_BYTES_MAX_FLOOR)
            .withCacheBytesMax(0)
            .withCompactionCheckIntervalMillis(COMPACTION_CHECK_MILLIS));
  }
}
