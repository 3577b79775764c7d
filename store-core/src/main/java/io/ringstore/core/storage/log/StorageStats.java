package io.ringstore.core.storage.log;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Counters of a {@link LogStorageEngine}, safe to read from any thread while the engine runs. The
 * node's metrics registry reads them; tests assert on them. Counters only grow; {@link
 * #segmentCount} and {@link #liveKeys} are read live ({@link #liveKeys} walks the index, so poll it
 * no more than a metrics reporter does).
 */
public final class StorageStats {
  final LongAdder corruptRecordsSkipped = new LongAdder();
  final LongAdder tornTailsTruncated = new LongAdder();
  final LongAdder fsyncs = new LongAdder();
  final LongAdder writes = new LongAdder();
  final LongAdder groupCommitForces = new LongAdder();
  final LongAdder groupCommitWrites = new LongAdder();
  final LongAdder groupCommitForceNanos = new LongAdder();
  final LongAccumulator groupCommitForceNanosMax = new LongAccumulator(Math::max, 0);
  final LongAdder cacheHits = new LongAdder();
  final LongAdder cacheMisses = new LongAdder();
  final LongAdder compactionsRun = new LongAdder();
  final LongAdder bytesReclaimed = new LongAdder();
  final LongAdder tombstonesDropped = new LongAdder();
  final LongAdder hintFilesLoaded = new LongAdder();
  final LongAdder segmentsScanned = new LongAdder();
  final LongAdder valueBytesReadDuringRecovery = new LongAdder();
  private final IntSupplier segmentCount;
  private final LongSupplier liveKeys;

  StorageStats(IntSupplier segmentCount, LongSupplier liveKeys) {
    this.segmentCount = segmentCount;
    this.liveKeys = liveKeys;
  }

  /** Records whose checksum failed, at recovery or at read time; never returned to a reader. */
  public long corruptRecordsSkipped() {
    return corruptRecordsSkipped.sum();
  }

  /** Incomplete or corrupt segment tails cut off at recovery. */
  public long tornTailsTruncated() {
    return tornTailsTruncated.sum();
  }

  /**
   * Forces of the log (group commit, interval, rollover, sync): not of hint or compaction files.
   */
  public long fsyncs() {
    return fsyncs.sum();
  }

  /** Records appended by {@code put} and {@code delete} (obsolete versions are not written). */
  public long writes() {
    return writes.sum();
  }

  /** Forces that group commit ran for waiting writes (under {@code fsync: always}). */
  public long groupCommitForces() {
    return groupCommitForces.sum();
  }

  /**
   * Writes that waited for a force and were released by one (by group commit, sync, the interval
   * task or close): with {@link #groupCommitForces}, the batch size.
   */
  public long groupCommitWrites() {
    return groupCommitWrites.sum();
  }

  /** Time group commit's forces took, in total. */
  public long groupCommitForceNanos() {
    return groupCommitForceNanos.sum();
  }

  /** The longest force group commit ran. */
  public long groupCommitForceNanosMax() {
    return groupCommitForceNanosMax.get();
  }

  /** One group commit force took {@code nanos}. */
  void recordGroupForce(long nanos) {
    groupCommitForces.increment();
    groupCommitForceNanos.add(nanos);
    groupCommitForceNanosMax.accumulate(nanos);
  }

  public long cacheHits() {
    return cacheHits.sum();
  }

  public long cacheMisses() {
    return cacheMisses.sum();
  }

  /** Compaction passes that rewrote at least one segment. */
  public long compactionsRun() {
    return compactionsRun.sum();
  }

  /** Bytes of segment files deleted by compaction, less the bytes it wrote. */
  public long bytesReclaimed() {
    return bytesReclaimed.sum();
  }

  /** Expired tombstones compaction dropped. */
  public long tombstonesDropped() {
    return tombstonesDropped.sum();
  }

  /** Segments whose index entries came from a hint file at recovery. */
  public long hintFilesLoaded() {
    return hintFilesLoaded.sum();
  }

  /** Segments recovery read record by record (no valid hint file). */
  public long segmentsScanned() {
    return segmentsScanned.sum();
  }

  /** Value bytes recovery read: zero when every segment had a valid hint file. */
  public long valueBytesReadDuringRecovery() {
    return valueBytesReadDuringRecovery.sum();
  }

  /** Segment files now open, the active one included. */
  public int segmentCount() {
    return segmentCount.getAsInt();
  }

  /** Keys in the index, tombstoned keys included until their tombstone is dropped. */
  public long liveKeys() {
    return liveKeys.getAsLong();
  }
}
