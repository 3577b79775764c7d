package io.ringstore.core.storage.log;

import io.ringstore.core.storage.TokenKey;
import io.ringstore.core.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Rewrites sealed segments without their garbage: overwritten versions, and expired tombstones when
 * that is safe.
 *
 * <p>A pass: (1) plan from one walk of the index: each sealed segment's live bytes, hence its
 * garbage ratio, and whether any expired tombstone exists; (2) copy every live record of the chosen
 * segments into new output segments (new ids), checking each CRC, and swing the index pointer from
 * the old record to the copy with an atomic per-key compute that does nothing if a writer replaced
 * the version meanwhile; (3) force the outputs, then force the active log, so that every version
 * that made an input record garbage is durable before the input goes; (4) write the outputs' hints,
 * the last one naming the inputs it replaces, which commits the pass (recovery deletes replaced
 * segments it still finds); (5) drop expired tombstones from the index; (6) delete the inputs.
 * Passes are serialized by one lock; readers and writers take none of the compactor's locks and
 * never wait for a pass: a reader whose segment was deleted under it looks the key up again and
 * finds the copy.
 *
 * <p>Tombstone rule. A tombstone older than the grace period by the injected clock is dropped only
 * in a pass whose inputs are every sealed segment, while no segment is waiting for its hint. Any
 * record the tombstone superseded is then in an input (the active segment only holds writes made
 * after the tombstone was indexed, and a superseded version is obsolete there), so no older version
 * can come back on replay once the pass commits. When an expired tombstone exists the pass takes
 * every sealed segment; otherwise it takes the segments at or above the garbage ratio and keeps
 * every tombstone it copies.
 *
 * <p>Corrupt records. A live record that fails its check during a copy is dropped from the index as
 * a read drops it ({@link ValueReader#dropCorrupt}), which marks its segment. The version it held
 * may have superseded one in a segment outside the pass; deleting the input would let that older
 * version come back at the next restart, silently reverting or resurrecting the key. So a marked
 * segment is never an input of a partial pass's plan and, if it is one anyway, is kept sealed and
 * not named as replaced; only a full pass (every sealed segment, the condition of the tombstone
 * rule, so the superseded record is an input too) deletes it. Until then the key shows no version
 * (the hint still names the corrupt record, which every restart drops again at the first read), and
 * a repair {@code put} of the lost version is stored.
 *
 * <p>A failure part way (a full disk) leaves the outputs sealed beside intact inputs: duplicates,
 * harmless by the antichain rule, reclaimed by a later pass.
 */
final class Compactor {
  /** The engine hook a pass uses: force the active log. */
  interface Log {
    void forceActive() throws IOException;
  }

  private final SegmentDirectory directory;
  private final KeyIndex index;
  private final ValueReader reader;
  private final LogStorageOptions options;
  private final Clock clock;
  private final StorageStats stats;
  private final Log log;
  private final ReentrantLock passLock = new ReentrantLock();
  private boolean stopped;

  Compactor(
      SegmentDirectory directory,
      KeyIndex index,
      ValueReader reader,
      LogStorageOptions options,
      Clock clock,
      StorageStats stats,
      Log log) {
    this.directory = directory;
    this.index = index;
    this.reader = reader;
    this.options = options;
    this.clock = clock;
    this.stats = stats;
    this.log = log;
  }

  private record Plan(List<Segment> inputs, boolean dropTombstones, long nowMillis) {}

  /** Runs one pass, waiting for a running one to finish first. */
  /**
   * Runs {@code work} while no pass can start, and returns what it returns; false at once, without
   * running it, if a pass is running now. For a reader that must not see records move.
   */
  boolean withoutPasses(BooleanSupplier work) {
    if (!passLock.tryLock()) {
      return false;
    }
    try {
      return work.getAsBoolean();
    } finally {
      passLock.unlock();
    }
  }

  void compact() throws IOException {
    passLock.lock();
    try {
      if (!stopped) {
        run(plan());
      }
    } finally {
      passLock.unlock();
    }
  }

  /** Runs one pass unless one is running already (the periodic check). */
  void compactIfIdle() throws IOException {
    if (passLock.tryLock()) {
      try {
        if (!stopped) {
          run(plan());
        }
      } finally {
        passLock.unlock();
      }
    }
  }

  /** Waits for a running pass and refuses further ones (the engine is closing). */
  void stop() {
    passLock.lock();
    try {
      stopped = true;
    } finally {
      passLock.unlock();
    }
  }

  /**
   * Plans a pass from one walk of the index. Live bytes add up in a primitive array per segment
   * open when the walk began (ids sorted, found by binary search): boxing a {@code Long} per
   * version made the once-a-minute walk of every key a visible cost. A segment opened during the
   * walk is left to the next pass, since the walk may have missed some of its records.
   */
  private Plan plan() {
    long nowMillis = clock.wallMillis();
    long[] segmentIds = directory.all().stream().mapToLong(Segment::id).sorted().toArray();
    long[] liveBytes = new long[segmentIds.length];
    boolean expiredTombstone = false;
    for (Map.Entry<TokenKey, List<StoredVersion>> entry : index.entries()) {
      for (StoredVersion version : entry.getValue()) {
        int at = Arrays.binarySearch(segmentIds, version.pointer().segmentId());
        if (at >= 0) {
          liveBytes[at] += version.pointer().sizeBytes();
        }
        expiredTombstone |= isExpiredTombstone(version, nowMillis);
      }
    }
    List<Segment> sealed = segmentsIn(Segment.State.SEALED);
    if (expiredTombstone && segmentsIn(Segment.State.FILLED).isEmpty()) {
      return new Plan(sealed, true, nowMillis);
    }
    List<Segment> garbage = new ArrayList<>();
    for (Segment segment : sealed) {
      int at = Arrays.binarySearch(segmentIds, segment.id());
      if (segment.corruptFound() || at < 0) {
        continue;
      }
      long live = liveBytes[at];
      if (1.0 - (double) live / segment.sizeBytes() >= options.compactionGarbageRatioMin()) {
        garbage.add(segment);
      }
    }
    return new Plan(garbage, false, nowMillis);
  }

  private List<Segment> segmentsIn(Segment.State state) {
    return directory.all().stream().filter(segment -> segment.state() == state).toList();
  }

  private boolean isExpiredTombstone(StoredVersion version, long nowMillis) {
    return version.tombstone()
        && nowMillis - version.timestampMillis() > options.tombstoneGraceMillis();
  }

  /** Runs {@code plan}; package-private so tests can compact a chosen set (see the rule). */
  void run(List<Segment> inputs, boolean dropTombstones) throws IOException {
    passLock.lock();
    try {
      run(new Plan(inputs, dropTombstones, clock.wallMillis()));
    } finally {
      passLock.unlock();
    }
  }

  private void run(Plan plan) throws IOException {
    if (plan.inputs().isEmpty()) {
      return;
    }
    Set<Long> inputIds = new HashSet<>();
    plan.inputs().forEach(segment -> inputIds.add(segment.id()));
    Outputs outputs = new Outputs();
    List<Dropped> dropped = new ArrayList<>();
    List<Segment> replaced;
    try {
      copyLive(plan, inputIds, outputs, dropped);
      replaced = replaceable(plan);
      outputs.seal(replaced.stream().map(Segment::id).toList());
    } catch (IOException | RuntimeException e) {
      outputs.sealAfterFailure(e);
      throw e;
    }
    dropped.forEach(this::dropTombstone);
    deleteInputs(replaced, outputs.bytes());
  }

  /** The inputs a pass may delete: all in a full pass, else those where no corruption was found. */
  private static List<Segment> replaceable(Plan plan) {
    if (plan.dropTombstones()) {
      return plan.inputs();
    }
    return plan.inputs().stream().filter(segment -> !segment.corruptFound()).toList();
  }

  private record Dropped(TokenKey key, RecordPointer pointer) {}

  private void copyLive(Plan plan, Set<Long> inputIds, Outputs outputs, List<Dropped> dropped)
      throws IOException {
    for (Map.Entry<TokenKey, List<StoredVersion>> entry : index.entries()) {
      for (StoredVersion version : entry.getValue()) {
        if (!inputIds.contains(version.pointer().segmentId())) {
          continue;
        }
        if (plan.dropTombstones() && isExpiredTombstone(version, plan.nowMillis())) {
          dropped.add(new Dropped(entry.getKey(), version.pointer()));
        } else {
          copy(entry.getKey(), version, outputs);
        }
      }
    }
  }

  private void copy(TokenKey key, StoredVersion version, Outputs outputs) throws IOException {
    ByteBuffer record;
    try {
      record = reader.read(version.pointer());
      RecordFormat.decode(record.duplicate(), options.limits());
    } catch (CorruptRecordException e) {
      reader.dropCorrupt(key, version.pointer());
      return;
    } catch (SegmentGoneException e) {
      throw new IllegalStateException("an input segment vanished during its compaction", e);
    }
    RecordPointer moved = outputs.append(record);
    if (index.swing(key, version.pointer(), moved)) {
      outputs.hint().add(key, version.movedTo(moved));
    }
  }

  private void dropTombstone(Dropped dropped) {
    if (index.remove(dropped.key(), dropped.pointer())) {
      stats.tombstonesDropped.increment();
    }
  }

  private void deleteInputs(List<Segment> inputs, long outputBytes) throws IOException {
    long inputBytes = 0;
    for (Segment input : inputs) {
      inputBytes += input.sizeBytes();
      directory.delete(input);
    }
    directory.forceDirectory();
    stats.compactionsRun.increment();
    stats.bytesReclaimed.add(inputBytes - outputBytes);
  }

  /** The output segments of one pass, each with its hint; a new one past the size bound. */
  private final class Outputs {
    private final List<Segment> segments = new ArrayList<>();
    private final List<HintFile.Builder> hints = new ArrayList<>();

    RecordPointer append(ByteBuffer record) throws IOException {
      if (segments.isEmpty() || current().sizeBytes() >= options.segmentBytesMax()) {
        Segment next = directory.create(Segment.State.FILLED);
        directory.register(next);
        segments.add(next);
        hints.add(new HintFile.Builder());
      }
      long offset = current().append(record);
      return new RecordPointer(current().id(), offset, record.limit());
    }

    private Segment current() {
      return segments.get(segments.size() - 1);
    }

    HintFile.Builder hint() {
      return hints.get(hints.size() - 1);
    }

    long bytes() {
      return segments.stream().mapToLong(Segment::sizeBytes).sum();
    }

    /** Forces outputs and the active log, then writes hints; the last names the replaced. */
    void seal(List<Long> replacedIds) throws IOException {
      for (Segment segment : segments) {
        directory.force(segment);
      }
      log.forceActive();
      for (int i = 0; i < segments.size(); i++) {
        boolean last = i == segments.size() - 1;
        writeHint(i, last ? replacedIds : List.of());
      }
    }

    private void writeHint(int i, List<Long> replacedIds) throws IOException {
      Segment segment = segments.get(i);
      hints
          .get(i)
          .write(directory.hintPath(segment.id()), segment.id(), replacedIds, directory.opener());
      segment.state(Segment.State.SEALED);
    }

    /** After a failure: keep the outputs as ordinary sealed segments, replacing nothing. */
    void sealAfterFailure(Exception failure) {
      for (int i = 0; i < segments.size(); i++) {
        try {
          directory.force(segments.get(i));
          writeHint(i, List.of());
        } catch (IOException e) {
          failure.addSuppressed(e);
          deleteHintQuietly(segments.get(i), failure);
          segments.get(i).state(Segment.State.SEALED);
        }
      }
    }

    private void deleteHintQuietly(Segment segment, Exception failure) {
      try {
        Files.deleteIfExists(directory.hintPath(segment.id()));
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }
}
