package io.ringstore.core.storage.log;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageClosedException;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageException;
import io.ringstore.core.storage.StorageFullException;
import io.ringstore.core.storage.TokenKey;
import io.ringstore.core.storage.VersionSet;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.Versioned;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.StreamSupport;

/**
 * The durable storage engine: an append-only log of records in size-bounded segment files, an
 * in-memory index of every key's current versions, a byte-bounded cache of hot values, background
 * compaction and hint files for a fast restart (the Bitcask design: Sheehy and Smith, "Bitcask: A
 * Log-Structured Hash Table for Fast Key/Value Data", Basho 2010, with a sorted index so scans walk
 * token ranges and with sibling sets instead of one value per key).
 *
 * <p>Writes. One append lock serializes writers: check the version against the index (obsolete:
 * return without writing), roll the active segment over if the record would overflow it, append,
 * update the index. Encoding happens before the lock; the fsync after it, per {@link FsyncPolicy}:
 * {@code ALWAYS} waits in {@link GroupCommit}, {@code INTERVAL} leaves it to a task on the injected
 * scheduler, {@code NEVER} to rollover, sync and close. Rollover seals the filled segment (force,
 * hint) on the background executor, so no writer waits for it. A write is visible to readers as
 * soon as it is appended, before its fsync. That is acceptable for a Dynamo replica: the write is
 * not yet acknowledged, so a crash that loses it is a failed write the coordinator sees, and a
 * reader that saw it saw a version that a quorum may or may not keep, as with any concurrent write;
 * delaying visibility would make every reader wait for fsyncs.
 *
 * <p>Failures. A failed append (a full disk) cuts the file back, leaves the index untouched and
 * throws {@link StorageFullException}; reads go on, and writes succeed again once there is room. A
 * failed fsync throws {@link StorageException}: the write's durability is unknown.
 *
 * <p>Reads take no lock: index lookup, then cache or a positional read checked by CRC. A record
 * that fails its checks is skipped and counted, never returned, and its version is dropped from the
 * index so that a repair {@code put} of it is stored rather than refused as obsolete. A segment
 * whose channel an interrupted thread closed is reopened ({@link Segment}). A read that races with
 * compaction deleting its segment looks the key up again, at most {@link #READ_ATTEMPTS_MAX} times.
 *
 * <p>Class map: {@link RecordFormat} (bytes of a record), {@link Segment} and {@link
 * SegmentDirectory} (files), {@link KeyIndex}, {@link ValueReader} (reads and cache), {@link
 * GroupCommit}, {@link HintFile}, {@link Recovery}, {@link Compactor}.
 */
public final class LogStorageEngine implements StorageEngine {
  /**
   * Lookups a read tries before giving up. A retry happens only when compaction deleted the
   * record's segment after the lookup, which needs a whole pass in between: two would do.
   */
  static final int READ_ATTEMPTS_MAX = 8;

  private static final String LOCK_FILE = "LOCK";

  private final LogStorageOptions options;
  private final StorageEnvironment environment;
  private final SegmentDirectory directory;
  private final KeyIndex index = new KeyIndex();
  private final StorageStats stats;
  private final ValueReader reader;
  private final GroupCommit groupCommit;
  private final Compactor compactor;
  private final ReentrantLock appendLock = new ReentrantLock();

  /**
   * Held by a background seal and by close, so close never releases the directory while a seal is
   * still writing a hint into it. Taken before {@code appendLock}, never after.
   */
  private final ReentrantLock sealLock = new ReentrantLock();

  private final List<RepeatingTask> timers = new CopyOnWriteArrayList<>();
  private Segment active;
  private final List<Segment> unforced = new ArrayList<>();
  private HintFile.Builder activeHint;
  private long writtenSequence;

  /** What a force must cover, republished under the append lock after every change. */
  private volatile GroupCommit.Position written;

  private RecoveryReport recoveryReport;
  private FileChannel lockChannel;
  private FileLock directoryLock;
  private volatile boolean closed;

  private LogStorageEngine(
      LogStorageOptions options, StorageEnvironment environment, ChannelOpener opener) {
    this.options = options;
    this.environment = environment;
    this.directory = new SegmentDirectory(options.directory(), opener);
    this.stats = new StorageStats(directory::count, index::size);
    this.reader =
        new ValueReader(directory, index, options.limits(), stats, options.cacheBytesMax());
    this.groupCommit =
        new GroupCommit(
            () -> written,
            directory,
            options.groupCommit(),
            stats,
            environment.clock(),
            GroupCommit.GATHER_NANOS_MAX,
            environment.syncer());
    this.compactor =
        new Compactor(
            directory, index, reader, options, environment.clock(), stats, groupCommit::forceNow);
  }

  /**
   * Opens the engine over {@code options.directory()}, creating it if needed, and recovers what is
   * there (see {@link Recovery}); {@link #recoveryReport} says what recovery found.
   *
   * @throws StorageException if the directory cannot be read or is open in another engine
   */
  public static LogStorageEngine open(LogStorageOptions options, StorageEnvironment environment) {
    return open(options, environment, ChannelOpener.DEFAULT);
  }

  static LogStorageEngine open(
      LogStorageOptions options, StorageEnvironment environment, ChannelOpener opener) {
    LogStorageEngine engine = new LogStorageEngine(options, environment, opener);
    try {
      engine.start();
      return engine;
    } catch (IOException e) {
      engine.releaseQuietly();
      throw new StorageException(
          "could not open the storage directory " + options.directory() + ": " + e, e);
    } catch (RuntimeException e) {
      engine.releaseQuietly();
      throw e;
    }
  }

  private void start() throws IOException {
    Files.createDirectories(options.directory());
    lockDirectory();
    recoveryReport =
        new RecoveryReport(
            new Recovery(
                    directory,
                    index,
                    options.limits(),
                    options.partitioner(),
                    stats,
                    options.segmentBytesMax())
                .run());
    active = directory.create(Segment.State.ACTIVE);
    activeHint = new HintFile.Builder();
    directory.register(active);
    publishSegments();
    startTimers();
  }

  private void lockDirectory() throws IOException {
    lockChannel =
        FileChannel.open(
            options.directory().resolve(LOCK_FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    try {
      directoryLock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      directoryLock = null;
    }
    if (directoryLock == null) {
      throw new IOException(
          "another storage engine has this directory open; close it or use another directory");
    }
  }

  private void startTimers() {
    if (options.fsyncPolicy() == FsyncPolicy.INTERVAL) {
      every(options.fsyncIntervalMillis(), this::forceInBackground);
    }
    if (options.compactionCheckIntervalMillis() > 0) {
      every(options.compactionCheckIntervalMillis(), this::compactInBackground);
    }
  }

  /** Runs {@code task} every {@code periodMillis} on the scheduler until close. */
  private void every(long periodMillis, Runnable task) {
    RepeatingTask timer = new RepeatingTask(TimeUnit.MILLISECONDS.toNanos(periodMillis), task);
    timers.add(timer);
    timer.scheduleNext();
  }

  /** A task that reschedules itself after each run until the engine closes. */
  private final class RepeatingTask implements Runnable {
    private final long periodNanos;
    private final Runnable task;
    private volatile Scheduler.Cancellable next;

    RepeatingTask(long periodNanos, Runnable task) {
      this.periodNanos = periodNanos;
      this.task = task;
    }

    void scheduleNext() {
      next = environment.scheduler().schedule(periodNanos, this);
    }

    @Override
    public void run() {
      if (!closed) {
        task.run();
        scheduleNext();
      }
    }

    void cancel() {
      next.cancel();
    }
  }

  private void forceInBackground() {
    environment.background().execute(this::forceQuietly);
  }

  private void forceQuietly() {
    try {
      groupCommit.forceNow();
    } catch (IOException e) {
      // The next interval retries; sync() and close() report a persistent failure.
    }
  }

  private void compactInBackground() {
    environment.background().execute(this::compactQuietly);
  }

  private void compactQuietly() {
    try {
      compactor.compactIfIdle();
    } catch (IOException | RuntimeException e) {
      // A failed pass leaves every record in place; the next check tries again.
    }
  }

  /** What recovery found when this engine opened. */
  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  /** The engine's counters. */
  public StorageStats stats() {
    return stats;
  }

  /**
   * Runs one compaction pass now on the calling thread (tests, admin); waits for a background pass
   * that is running.
   */
  public void compact() {
    requireOpen();
    try {
      compactor.compact();
    } catch (IOException e) {
      throw new StorageException(
          "compaction failed in " + options.directory() + ": " + e + "; no record was lost", e);
    }
  }

  /** For tests of the tombstone rule: one pass over exactly {@code segmentIds}. */
  void compactSegments(List<Long> segmentIds, boolean dropTombstones) throws IOException {
    compactor.run(segmentIds.stream().map(directory::get).toList(), dropTombstones);
  }

  /** Ids of the open segments, ascending, the active one last (for tests). */
  List<Long> segmentIds() {
    return directory.all().stream().map(Segment::id).toList();
  }

  @Override
  public List<Versioned> get(byte[] key) {
    requireOpen();
    options.limits().checkKey(key);
    return versionsOf(new TokenKey(options.partitioner().token(key), key), true);
  }

  /** The key's versions; values read from disk go into the cache if {@code cacheValues}. */
  private List<Versioned> versionsOf(TokenKey key, boolean cacheValues) {
    for (int attempt = 0; attempt < READ_ATTEMPTS_MAX; attempt++) {
      try {
        return materialize(key, index.get(key), cacheValues);
      } catch (SegmentGoneException e) {
        continue;
      } catch (IOException e) {
        throw new StorageException("could not read from " + options.directory() + ": " + e, e);
      }
    }
    throw new StorageException(
        "a read kept losing its segment to compaction after " + READ_ATTEMPTS_MAX + " attempts");
  }

  private List<Versioned> materialize(TokenKey key, List<StoredVersion> stored, boolean cacheValues)
      throws SegmentGoneException, IOException {
    List<Versioned> versions = new ArrayList<>(stored.size());
    for (StoredVersion version : stored) {
      if (version.tombstone()) {
        versions.add(Versioned.tombstone(version.clock(), version.timestampMillis()));
        continue;
      }
      byte[] value = reader.value(key, version.pointer(), cacheValues);
      if (value != null) {
        versions.add(Versioned.of(version.clock(), version.timestampMillis(), value));
      }
    }
    return versions;
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version) {
    return put(key, version, 0);
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version, int siblingsMax) {
    requireOpen();
    options.limits().check(key, version);
    boolean always = options.fsyncPolicy() == FsyncPolicy.ALWAYS;
    if (always) {
      groupCommit.enter();
    }
    try {
      return store(key, version, siblingsMax, always);
    } finally {
      if (always) {
        groupCommit.exit();
      }
    }
  }

  /**
   * Appends on the caller's thread and tells {@code callback} once the write is as durable as the
   * policy promises, without blocking: under {@code ALWAYS} from the group commit's sync pass that
   * forced it (see {@link GroupCommit#whenDurable}), otherwise at once. An obsolete version is told
   * at once, as {@link #put} returns it.
   */
  @Override
  public void putAsync(byte[] key, Versioned version, int siblingsMax, PutCallback callback) {
    if (options.fsyncPolicy() != FsyncPolicy.ALWAYS) {
      StorageEngine.super.putAsync(key, version, siblingsMax, callback);
      return;
    }
    Appended appended;
    try {
      requireOpen();
      options.limits().check(key, version);
      appended = appendVersion(key, version, siblingsMax);
    } catch (RuntimeException e) {
      callback.failed(e);
      return;
    }
    if (appended == null) {
      callback.completed(PutOutcome.OBSOLETE);
    } else {
      groupCommit.whenDurable(appended.sequence(), new DurablePut(callback));
    }
  }

  /** A stored write waiting for its force. */
  private final class DurablePut implements GroupCommit.Acknowledgement {
    private final PutCallback callback;

    DurablePut(PutCallback callback) {
      this.callback = callback;
    }

    @Override
    public void durable() {
      callback.completed(PutOutcome.STORED);
    }

    @Override
    public void failed(IOException failure) {
      callback.failed(fsyncFailed(failure));
    }
  }

  private PutOutcome store(byte[] key, Versioned version, int siblingsMax, boolean always) {
    Appended appended = appendVersion(key, version, siblingsMax);
    if (appended == null) {
      return PutOutcome.OBSOLETE;
    }
    if (always) {
      awaitDurable(appended.sequence());
    }
    return PutOutcome.STORED;
  }

  /**
   * Appends {@code version} of {@code key} and starts sealing the segment it filled, if any; null
   * if the version is obsolete.
   */
  private Appended appendVersion(byte[] key, Versioned version, int siblingsMax) {
    TokenKey tokenKey = new TokenKey(options.partitioner().token(key), key.clone());
    Appended appended =
        append(tokenKey, version, RecordFormat.encode(tokenKey.key(), version), siblingsMax);
    if (appended != null && appended.filled() != null) {
      sealInBackground(appended.filled());
    }
    return appended;
  }

  /** A record appended; {@code filled} is the segment its rollover filled, if any. */
  private record Appended(long sequence, Filled filled) {}

  /** A segment a rollover filled, with its hint entries, waiting for its hint file. */
  private record Filled(Segment segment, HintFile.Builder hint) {}

  private Appended append(TokenKey key, Versioned version, ByteBuffer record, int siblingsMax) {
    StoredVersion incoming =
        new StoredVersion(version.clock(), version.timestampMillis(), version.isTombstone(), null);
    Appended appended;
    StoredVersion stored;
    appendLock.lock();
    try {
      requireOpen();
      KeyIndex.Planned planned = index.plan(key, incoming);
      if (planned == null) {
        return null;
      }
      Versioned merged = mergedWithTwin(key, version, planned);
      if (merged != null) {
        version = merged;
        record = RecordFormat.encode(key.key(), merged);
        incoming =
            new StoredVersion(merged.clock(), merged.timestampMillis(), merged.isTombstone(), null);
        planned = index.plan(key, incoming);
        if (planned == null) {
          return null;
        }
      }
      VersionSet.requireWithinSiblings(
          planned.current() == null ? 0 : planned.current().size(),
          planned.next().size(),
          siblingsMax);
      Filled filled = rollOverIfFull(record.limit());
      stored = incoming.movedTo(appendToActive(record));
      index.apply(key, planned, stored);
      activeHint.add(key, stored);
      writtenSequence += record.limit();
      publishWritten();
      appended = new Appended(writtenSequence, filled);
    } finally {
      appendLock.unlock();
    }
    stats.writes.increment();
    if (!version.isTombstone()) {
      reader.remember(key, stored.pointer(), version.value());
    }
    return appended;
  }

  /**
   * {@code version} merged with a stored version of the same content that it is concurrent with
   * (its twin: the same write stored twice, or two writes of one value), as {@link
   * io.ringstore.core.version.Siblings} merges them for a read: the union of their clocks, the
   * later timestamp. Storing the merge instead of a second sibling keeps reads from reading both
   * and repairing. Null when there is no twin, or its value is not in the cache (a read merges them
   * then).
   */
  private Versioned mergedWithTwin(TokenKey key, Versioned version, KeyIndex.Planned planned) {
    if (planned.next().size() < 2) {
      return null;
    }
    for (StoredVersion sibling : planned.next()) {
      if (sibling != planned.incoming() && isTwin(key, version, sibling)) {
        return Siblings.mergedTwins(
            version, new Versioned(sibling.clock(), sibling.timestampMillis(), version.value()));
      }
    }
    return null;
  }

  private boolean isTwin(TokenKey key, Versioned version, StoredVersion sibling) {
    if (version.isTombstone() || sibling.tombstone()) {
      return version.isTombstone() && sibling.tombstone();
    }
    byte[] value = reader.cachedValue(key, sibling.pointer());
    return value != null && Arrays.equals(value, version.value());
  }

  private RecordPointer appendToActive(ByteBuffer record) {
    try {
      long offset = active.append(record);
      return new RecordPointer(active.id(), offset, record.limit());
    } catch (IOException e) {
      throw writeFailed("append a record of " + record.limit() + " bytes to " + active, e);
    }
  }

  /**
   * A write the disk refused: {@link StorageFullException} when the disk is full (the JDK reports
   * ENOSPC only through its message), a plain {@link StorageException} for any other I/O error.
   */
  private StorageException writeFailed(String what, IOException cause) {
    String message = String.valueOf(cause.getMessage());
    if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
      return full(what, cause);
    }
    return new StorageException(
        "could not "
            + what
            + " in "
            + options.directory()
            + " ("
            + cause
            + "): the write was not stored and reads still work; check the disk and the system log"
            + " for I/O errors",
        cause);
  }

  private StorageFullException full(String what, IOException cause) {
    return new StorageFullException(
        "could not "
            + what
            + " in "
            + options.directory()
            + " ("
            + cause
            + "): the write was not stored and reads still work; free disk space there or add"
            + " capacity, and writes succeed again once there is room",
        cause);
  }

  /** Called under the append lock: seals the active segment if {@code recordBytes} won't fit. */
  private Filled rollOverIfFull(int recordBytes) {
    if (active.sizeBytes() == 0 || active.sizeBytes() + recordBytes <= options.segmentBytesMax()) {
      return null;
    }
    Segment next;
    try {
      next = directory.create(Segment.State.ACTIVE);
    } catch (IOException e) {
      throw writeFailed("create a new segment", e);
    }
    Filled filled = new Filled(active, activeHint);
    active.state(Segment.State.FILLED);
    unforced.add(active);
    directory.register(next);
    active = next;
    activeHint = new HintFile.Builder();
    publishSegments();
    return filled;
  }

  /**
   * Hands a filled segment to the background executor to be sealed, off the writer's path: its
   * force, its hint and their directory forces took up to 200 ms inside one unlucky {@code put}
   * while a compaction pass forced its own files (measured on ext4, whose journal commits queue
   * behind each other). Durability does not wait for it: until its force the segment stays in
   * {@code unforced}, which every group commit, sync and close forces too. A seal that finds the
   * engine closed is skipped: close forced the segment, and without its hint recovery scans it.
   */
  private void sealInBackground(Filled filled) {
    try {
      environment.background().execute(() -> sealUnlessClosed(filled));
    } catch (RejectedExecutionException e) {
      sealUnlessClosed(filled);
    }
  }

  private void sealUnlessClosed(Filled filled) {
    sealLock.lock();
    try {
      if (!closed) {
        seal(filled);
      }
    } catch (StorageException e) {
      // Still unforced: the next group commit, sync or close forces it again and reports failure.
    } finally {
      sealLock.unlock();
    }
  }

  /** Forces a filled segment and writes its hint; sealed even if its hint cannot be written. */
  private void seal(Filled filled) {
    forceFilled(filled.segment());
    long id = filled.segment().id();
    try {
      filled.hint().write(directory.hintPath(id), id, List.of(), directory.opener());
    } catch (IOException e) {
      deleteHintQuietly(id);
    } finally {
      filled.segment().state(Segment.State.SEALED);
    }
  }

  private void forceFilled(Segment filled) {
    try {
      groupCommit.forceFilled(filled);
    } catch (IOException e) {
      throw fsyncFailed(e);
    }
    if (filled.forcedBeforeClose()) {
      return; // closed by close(), whose force covered it
    }
    appendLock.lock();
    try {
      unforced.remove(filled);
      publishSegments();
    } finally {
      appendLock.unlock();
    }
  }

  private void deleteHintQuietly(long segmentId) {
    try {
      Files.deleteIfExists(directory.hintPath(segmentId));
    } catch (IOException e) {
      // Without its hint the segment is scanned at the next open; nothing is lost.
    }
  }

  private void awaitDurable(long sequence) {
    try {
      groupCommit.awaitDurable(sequence);
    } catch (IOException e) {
      throw fsyncFailed(e);
    }
  }

  private StorageException fsyncFailed(IOException e) {
    return new StorageException(
        "fsync failed in "
            + options.directory()
            + " ("
            + e
            + "): the write may not be durable; check the disk and restart the node",
        e);
  }

  /**
   * Called under the append lock after an append, so that a group commit leader reads the written
   * sequence and the segments holding it together without taking the lock.
   */
  private void publishWritten() {
    written = new GroupCommit.Position(written.segments(), writtenSequence);
  }

  /** Called under the append lock after the active segment or the unforced ones change. */
  private void publishSegments() {
    List<Segment> segments = new ArrayList<>(unforced.size() + 1);
    segments.addAll(unforced);
    segments.add(active);
    written = new GroupCommit.Position(List.copyOf(segments), writtenSequence);
  }

  /**
   * {@inheritDoc} Values the scan reads from disk do not enter the value cache: a scan of a range
   * (anti-entropy's) would push out every hot value and pay an insertion per key.
   */
  @Override
  public Iterator<KeyVersions> scan(TokenRange range) {
    requireOpen();
    return StreamSupport.stream(index.entriesIn(range).spliterator(), false)
        .map(Map.Entry::getKey)
        .map(key -> new KeyVersions(key.key(), key.token(), versionsOf(key, false)))
        .filter(keyVersions -> !keyVersions.versions().isEmpty())
        .iterator();
  }

  /**
   * {@inheritDoc} Reads the segments front to back ({@link SegmentWalk}) while no compaction pass
   * runs (one that moved records from a segment read to one not read yet would have them visited
   * twice); false at once if a pass is running.
   */
  @Override
  public boolean forEachVersion(TokenRange range, VersionVisitor visitor) {
    requireOpen();
    SegmentWalk walk = new SegmentWalk(directory, index, options.partitioner(), options.limits());
    return compactor.withoutPasses(() -> walk.visit(range, visitor));
  }

  @Override
  public void sync() {
    requireOpen();
    try {
      groupCommit.forceNow();
    } catch (IOException e) {
      throw fsyncFailed(e);
    }
  }

  /** Syncs, writes the active segment's hint and releases every file; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    compactor.stop();
    sealLock.lock();
    appendLock.lock();
    boolean forced = false;
    try {
      if (closed) {
        return;
      }
      closed = true;
      cancelTimers();
      sealActiveAtClose();
      forced = true;
    } catch (IOException e) {
      throw new StorageException("closing the storage engine failed: " + e, e);
    } finally {
      appendLock.unlock();
      try {
        release(forced);
      } finally {
        sealLock.unlock();
      }
    }
  }

  private void cancelTimers() {
    timers.forEach(RepeatingTask::cancel);
    timers.clear();
  }

  private void sealActiveAtClose() throws IOException {
    if (active.sizeBytes() == 0) {
      groupCommit.forceNow();
      directory.delete(active);
      return;
    }
    groupCommit.forceNow();
    activeHint.write(directory.hintPath(active.id()), active.id(), List.of(), directory.opener());
    active.state(Segment.State.SEALED);
  }

  /** Releases everything after a failed open: nothing was forced at close. */
  private void releaseQuietly() {
    release(false);
  }

  /**
   * Closes every segment ({@code forced}: after a final force that succeeded), then releases the
   * directory lock whatever closing the segments did.
   */
  private void release(boolean forced) {
    closed = true;
    try {
      directory.closeAll(forced);
    } catch (IOException e) {
      // Releasing is best effort once the data is synced.
    } finally {
      releaseLockQuietly();
    }
  }

  private void releaseLockQuietly() {
    try {
      if (directoryLock != null) {
        directoryLock.release();
      }
    } catch (IOException e) {
      // Already released, or the channel close below releases it.
    } finally {
      closeLockChannelQuietly();
    }
  }

  private void closeLockChannelQuietly() {
    try {
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      // Closing the channel releases the lock; nothing more to do.
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new StorageClosedException(
          "the log storage engine over " + options.directory() + " was closed");
    }
  }
}
