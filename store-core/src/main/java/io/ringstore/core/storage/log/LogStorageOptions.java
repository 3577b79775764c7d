package io.ringstore.core.storage.log;

import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.storage.StorageLimits;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How a {@link LogStorageEngine} stores, forces, caches and compacts. The constructor validates
 * every field and names the bad one; start from {@link #defaults} and change fields with the {@code
 * with*} methods.
 *
 * @param directory where the segment and hint files live; created if absent
 * @param partitioner maps keys to tokens, for the index order and scans
 * @param limits largest key and value accepted
 * @param fsyncPolicy when appended bytes are forced to disk
 * @param fsyncIntervalMillis period of the {@link FsyncPolicy#INTERVAL} force
 * @param groupCommit whether concurrent {@link FsyncPolicy#ALWAYS} writers share one fsync; off
 *     only to measure one fsync per write
 * @param segmentBytesMax size at which the active segment is sealed and a new one started
 * @param cacheBytesMax bytes of hot values kept in memory; 0 disables the cache
 * @param tombstoneGraceMillis how long a tombstone is kept before compaction may drop it
 * @param compactionGarbageRatioMin share of a sealed segment's bytes that must be garbage before
 *     compaction rewrites it
 * @param compactionCheckIntervalMillis period of the background compaction check; 0 disables it
 */
public record LogStorageOptions(
    Path directory,
    Partitioner partitioner,
    StorageLimits limits,
    FsyncPolicy fsyncPolicy,
    long fsyncIntervalMillis,
    boolean groupCommit,
    long segmentBytesMax,
    long cacheBytesMax,
    long tombstoneGraceMillis,
    double compactionGarbageRatioMin,
    long compactionCheckIntervalMillis) {

  /** Default segment size: 64 MiB, large enough to amortise rollover, small to compact. */
  public static final long SEGMENT_BYTES_MAX_DEFAULT = 64L * 1024 * 1024;

  /**
   * Smallest segment size accepted: 1 KiB (tests use small segments to exercise rollover). A record
   * larger than the segment size gets a segment of its own.
   */
  public static final long SEGMENT_BYTES_MAX_FLOOR = 1024;

  /** Largest segment size accepted: 1 GiB, because recovery reads an unhinted segment whole. */
  public static final long SEGMENT_BYTES_MAX_CEILING = 1024L * 1024 * 1024;

  /** Default value cache: 64 MiB. */
  public static final long CACHE_BYTES_MAX_DEFAULT = 64L * 1024 * 1024;

  /** Default tombstone grace: 10 days, longer than any expected replica outage plus repair. */
  public static final long TOMBSTONE_GRACE_MILLIS_DEFAULT = TimeUnit.DAYS.toMillis(10);

  /** Default interval fsync period: 1 s (applies only to {@link FsyncPolicy#INTERVAL}). */
  public static final long FSYNC_INTERVAL_MILLIS_DEFAULT = 1_000;

  /** Longest interval fsync period accepted: 1 minute. */
  public static final long FSYNC_INTERVAL_MILLIS_MAX = 60_000;

  /** Default garbage ratio that makes a sealed segment worth rewriting: half. */
  public static final double COMPACTION_GARBAGE_RATIO_MIN_DEFAULT = 0.5;

  /** Default period of the background compaction check: 1 minute. */
  public static final long COMPACTION_CHECK_INTERVAL_MILLIS_DEFAULT = 60_000;

  public LogStorageOptions {
    require(directory != null, "directory must be given");
    require(partitioner != null, "partitioner must be given");
    require(limits != null, "limits must be given");
    require(fsyncPolicy != null, "fsyncPolicy must be given");
    require(
        fsyncIntervalMillis >= 1 && fsyncIntervalMillis <= FSYNC_INTERVAL_MILLIS_MAX,
        "fsyncIntervalMillis is "
            + fsyncIntervalMillis
            + ", must be 1 to "
            + FSYNC_INTERVAL_MILLIS_MAX);
    require(
        segmentBytesMax >= SEGMENT_BYTES_MAX_FLOOR && segmentBytesMax <= SEGMENT_BYTES_MAX_CEILING,
        "segmentBytesMax is "
            + segmentBytesMax
            + ", must be "
            + SEGMENT_BYTES_MAX_FLOOR
            + " to "
            + SEGMENT_BYTES_MAX_CEILING);
    require(cacheBytesMax >= 0, "cacheBytesMax is " + cacheBytesMax + ", must be 0 or more");
    require(
        tombstoneGraceMillis >= 0,
        "tombstoneGraceMillis is " + tombstoneGraceMillis + ", must be 0 or more");
    require(
        compactionGarbageRatioMin > 0 && compactionGarbageRatioMin <= 1,
        "compactionGarbageRatioMin is " + compactionGarbageRatioMin + ", must be in (0, 1]");
    require(
        compactionCheckIntervalMillis >= 0,
        "compactionCheckIntervalMillis is "
            + compactionCheckIntervalMillis
            + ", must be 0 (off) or more");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("log storage options: " + message);
    }
  }

  /**
   * Murmur3 tokens, default limits, {@link FsyncPolicy#ALWAYS} with group commit, 64 MiB segments
   * and cache, 10-day tombstone grace, compaction at half garbage checked every minute.
   */
  public static LogStorageOptions defaults(Path directory) {
    return new LogStorageOptions(
        directory,
        Murmur3Partitioner.INSTANCE,
        StorageLimits.defaults(),
        FsyncPolicy.ALWAYS,
        FSYNC_INTERVAL_MILLIS_DEFAULT,
        true,
        SEGMENT_BYTES_MAX_DEFAULT,
        CACHE_BYTES_MAX_DEFAULT,
        TOMBSTONE_GRACE_MILLIS_DEFAULT,
        COMPACTION_GARBAGE_RATIO_MIN_DEFAULT,
        COMPACTION_CHECK_INTERVAL_MILLIS_DEFAULT);
  }

  public LogStorageOptions withPartitioner(Partitioner value) {
    return new LogStorageOptions(
        directory,
        value,
        limits,
        fsyncPolicy,
        fsyncIntervalMillis,
        groupCommit,
        segmentBytesMax,
        cacheBytesMax,
        tombstoneGraceMillis,
        compactionGarbageRatioMin,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withLimits(StorageLimits value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        value,
        fsyncPolicy,
        fsyncIntervalMillis,
        groupCommit,
        segmentBytesMax,
        cacheBytesMax,
        tombstoneGraceMillis,
        compactionGarbageRatioMin,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withFsyncPolicy(FsyncPolicy value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        limits,
        value,
        fsyncIntervalMillis,
        groupCommit,
        segmentBytesMax,
        cacheBytesMax,
        tombstoneGraceMillis,
        compactionGarbageRatioMin,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withFsyncIntervalMillis(long value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        limits,
        fsyncPolicy,
        value,
        groupCommit,
        segmentBytesMax,
        cacheBytesMax,
        tombstoneGraceMillis,
        compactionGarbageRatioMin,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withGroupCommit(boolean value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        limits,
        fsyncPolicy,
        fsyncIntervalMillis,
        value,
        segmentBytesMax,
        cacheBytesMax,
        tombstoneGraceMillis,
        compactionGarbageRatioMin,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withSegmentBytesMax(long value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        limits,
        fsyncPolicy,
        fsyncIntervalMillis,
        groupCommit,
        value,
        cacheBytesMax,
        tombstoneGraceMillis,
        compactionGarbageRatioMin,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withCacheBytesMax(long value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        limits,
        fsyncPolicy,
        fsyncIntervalMillis,
        groupCommit,
        segmentBytesMax,
        value,
        tombstoneGraceMillis,
        compactionGarbageRatioMin,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withTombstoneGraceMillis(long value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        limits,
        fsyncPolicy,
        fsyncIntervalMillis,
        groupCommit,
        segmentBytesMax,
        cacheBytesMax,
        value,
        compactionGarbageRatioMin,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withCompactionGarbageRatioMin(double value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        limits,
        fsyncPolicy,
        fsyncIntervalMillis,
        groupCommit,
        segmentBytesMax,
        cacheBytesMax,
        tombstoneGraceMillis,
        value,
        compactionCheckIntervalMillis);
  }

  public LogStorageOptions withCompactionCheckIntervalMillis(long value) {
    return new LogStorageOptions(
        directory,
        partitioner,
        limits,
        fsyncPolicy,
        fsyncIntervalMillis,
        groupCommit,
        segmentBytesMax,
        cacheBytesMax,
        tombstoneGraceMillis,
        compactionGarbageRatioMin,
        value);
  }
}
