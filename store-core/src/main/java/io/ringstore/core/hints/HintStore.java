package io.ringstore.core.hints;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.time.Clock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The hints a node holds for replicas it stood in for, until each owner acknowledges its own.
 *
 * <p><b>Design.</b> Hints live in a {@link StorageEngine} of their own (in production a log engine
 * in the node's {@code hints} directory, under the data's fsync policy), so they get the engine's
 * record CRCs, group commit, crash recovery and compaction without a second file format. A hint is
 * one key: the owner's id, a zero byte, and an 8-byte sequence number that grows with every hint
 * this store takes; its value is the {@link HintedPutRequest} as bytes, its timestamp the time it
 * was taken. A delivered hint becomes a tombstone, which compaction drops after the engine's
 * tombstone grace. In memory the store keeps an index per owner, by sequence (oldest first): key,
 * size and age, never the values, which replay reads back from the engine. {@link #open} rebuilds
 * the index from a scan of the engine, so hints survive a restart of the node that holds them.
 *
 * <p><b>Bounds.</b> At most {@link Limits#bytesPerOwnerMax} bytes of hints per owner: a hint beyond
 * is refused (the coordinator tries another stand-in; anti-entropy repairs what no stand-in kept).
 * Hints older than {@link Limits#windowMillis} are dropped by {@link #dropExpired} and counted: an
 * owner down that long is repaired by anti-entropy, as in Dynamo and Cassandra.
 *
 * <p><b>Threads.</b> Safe from any thread: the index is guarded by this object's monitor, which is
 * never held across a call into the engine.
 */
public final class HintStore {
  /** Bounds of the store. */
  public record Limits(long bytesPerOwnerMax, long windowMillis) {
    /** 64 MiB per owner, three hours: Cassandra's default hint window. */
    public static final Limits DEFAULTS = new Limits(64L << 20, 3 * 60 * 60 * 1000L);

    public Limits {
      if (bytesPerOwnerMax < 1 || windowMillis < 1) {
        throw new IllegalArgumentException(
            "hint limits must be positive: "
                + bytesPerOwnerMax
                + " bytes, "
                + windowMillis
                + " ms");
      }
    }
  }

  /** What the store holds for one owner. */
  public record Backlog(NodeId owner, int hints, long bytes, long oldestMillis) {}

  /**
   * Counts since the store opened: hints stored, delivered to their owners, dropped (past the
   * window, or unreadable), refused at an owner's bound.
   */
  public record Counts(long stored, long delivered, long dropped, long refused) {}

  /** One hint in the index: enough to find it, bound it and age it. */
  public record Hint(
      NodeId owner, long sequence, byte[] engineKey, int bytes, long createdMillis) {}

  private static final byte SEPARATOR = 0;
  private static final int SEQUENCE_BYTES = Long.BYTES;
  private static final long SEQUENCES_PER_MILLI = 1_000;

  private final StorageEngine engine;
  private final NodeId self;
  private final Clock clock;
  private final Limits limits;
  private final Map<NodeId, OwnerHints> byOwner = new HashMap<>();
  private final AtomicLong stored = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private long lastSequence;

  private HintStore(StorageEngine engine, NodeId self, Clock clock, Limits limits) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.self = Objects.requireNonNull(self, "self");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * The store over {@code engine}, which holds only hints, with the index of every hint not yet
   * delivered that it finds there.
   *
   * @param self the node holding the hints: it names the versions of the engine's keys
   */
  public static HintStore open(StorageEngine engine, NodeId self, Clock clock, Limits limits) {
    HintStore store = new HintStore(engine, self, clock, limits);
    // Above every sequence of this life and, through the wall clock, of earlier ones whose
    // tombstones compaction may have dropped: a reused sequence would meet its old tombstone.
    store.lastSequence = Math.multiplyExact(clock.wallMillis(), SEQUENCES_PER_MILLI);
    for (Iterator<KeyVersions> keys = engine.scan(TokenRange.full()); keys.hasNext(); ) {
      store.recover(keys.next());
    }
    return store;
  }

  private void recover(KeyVersions key) {
    lastSequence = Math.max(lastSequence, sequenceOf(key.key()));
    for (Versioned version : key.versions()) {
      if (!version.isTombstone()) {
        NodeId owner = ownerOf(key.key());
        long sequence = sequenceOf(key.key());
        index(
            new Hint(
                owner, sequence, key.key(), version.value().length, version.timestampMillis()));
        return;
      }
    }
  }

  /**
   * Keeps {@code hint} for its owner; {@code done} hears {@code true} once it is as durable as the
   * engine's fsync policy promises, {@code false} if the owner's bound refused it, or the engine's
   * failure.
   */
  public void store(
      HintedPutRequest hint, Consumer<Boolean> done, Consumer<RuntimeException> failed) {
    byte[] value = hint.toBytes();
    long now = clock.wallMillis();
    Pending pending = reserve(hint.owner(), value.length, now);
    if (pending == null) {
      done.accept(false);
      return;
    }
    engine.putAsync(
        pending.hint.engineKey(),
        Versioned.of(clockOf(1), now, value),
        new PutCallback() {
          @Override
          public void completed(PutOutcome outcome) {
            if (outcome == PutOutcome.STORED) {
              stored.incrementAndGet();
              done.accept(true);
            } else {
              release(pending); // never for a fresh key; if it were, the hint is not there
              done.accept(false);
            }
          }

          @Override
          public void failed(RuntimeException failure) {
            release(pending);
            failed.accept(failure);
          }
        });
    // Only now, with the record appended (putAsync has returned), may a replay find the hint:
    // published earlier, a replay could read nothing back and drop the entry while the record
    // is still to come.
    publish(pending);
  }

  /** A hint whose bytes count against its owner's bound and whose record is being appended. */
  private static final class Pending {
    final Hint hint;
    boolean released;

    Pending(Hint hint) {
      this.hint = hint;
    }
  }

  /** Takes a sequence and the owner's bytes for a hint; null if the owner's bound refuses it. */
  private synchronized Pending reserve(NodeId owner, int bytes, long nowMillis) {
    OwnerHints hints = byOwner.computeIfAbsent(owner, o -> new OwnerHints());
    if (hints.bytes + bytes > limits.bytesPerOwnerMax()) {
      refused.incrementAndGet();
      forgetIfEmpty(owner, hints);
      return null;
    }
    long sequence = ++lastSequence;
    hints.bytes += bytes;
    return new Pending(new Hint(owner, sequence, keyOf(owner, sequence), bytes, nowMillis));
  }

  /** Makes a reserved hint visible to replays, unless its write failed meanwhile. */
  private synchronized void publish(Pending pending) {
    if (!pending.released) {
      byOwner
          .computeIfAbsent(pending.hint.owner(), o -> new OwnerHints())
          .bySequence
          .put(pending.hint.sequence(), pending.hint);
    }
  }

  /** Gives back a reserved hint's bytes and takes it out of the index, if it got there. */
  private synchronized void release(Pending pending) {
    if (pending.released) {
      return;
    }
    pending.released = true;
    OwnerHints hints = byOwner.get(pending.hint.owner());
    if (hints != null) {
      hints.bytes -= pending.hint.bytes();
      hints.bySequence.remove(pending.hint.sequence());
      forgetIfEmpty(pending.hint.owner(), hints);
    }
  }

  /** Called holding the monitor: an owner with no hint and no reserved bytes is forgotten. */
  private void forgetIfEmpty(NodeId owner, OwnerHints hints) {
    if (hints.bySequence.isEmpty() && hints.bytes == 0) {
      byOwner.remove(owner);
    }
  }

  /** Up to {@code max} of {@code owner}'s hints, oldest first, skipping {@code skip}. */
  public synchronized List<Hint> oldest(NodeId owner, int max, Set<Long> skip) {
    OwnerHints hints = byOwner.get(owner);
    List<Hint> oldest = new ArrayList<>(Math.min(max, hints == null ? 0 : hints.bySequence.size()));
    if (hints != null) {
      for (Hint hint : hints.bySequence.values()) {
        if (oldest.size() == max) {
          break;
        }
        if (!skip.contains(hint.sequence())) {
          oldest.add(hint);
        }
      }
    }
    return oldest;
  }

  /**
   * The write {@code hint} holds, read back from the engine; null if it was delivered or dropped
   * meanwhile.
   *
   * @throws IllegalStateException if the engine holds something that is not a hint
   */
  public ReplicaPutRequest writeOf(Hint hint) {
    for (Versioned version : engine.get(hint.engineKey())) {
      if (!version.isTombstone()) {
        try {
          return HintedPutRequest.fromBytes(version.value()).put();
        } catch (IllegalArgumentException corrupt) {
          throw new IllegalStateException("hint " + hint + " does not decode", corrupt);
        }
      }
    }
    return null;
  }

  /** The owner acknowledged {@code hint}: it is deleted. */
  public void delivered(Hint hint) {
    if (remove(hint)) {
      delivered.incrementAndGet();
    }
  }

  /** Drops every hint older than the window; returns how many. */
  public int dropExpired() {
    long oldestKept = clock.wallMillis() - limits.windowMillis();
    List<Hint> old = new ArrayList<>();
    synchronized (this) {
      for (OwnerHints hints : byOwner.values()) {
        for (Hint hint : hints.bySequence.values()) {
          if (hint.createdMillis() >= oldestKept) {
            break;
          }
          old.add(hint);
        }
      }
    }
    int removed = 0;
    for (Hint hint : old) {
      if (remove(hint)) {
        removed++;
      }
    }
    dropped.addAndGet(removed);
    return removed;
  }

  /** Drops {@code hint} undelivered (it cannot be read back), counted with the expired ones. */
  public void drop(Hint hint) {
    if (remove(hint)) {
      dropped.incrementAndGet();
    }
  }

  /** Owners this store holds hints for. */
  public synchronized List<NodeId> owners() {
    List<NodeId> owners = new ArrayList<>(byOwner.size());
    byOwner.forEach(
        (owner, hints) -> {
          if (!hints.bySequence.isEmpty()) {
            owners.add(owner);
          }
        });
    return owners;
  }

  /** What the store holds for each owner. */
  public synchronized List<Backlog> backlogs() {
    List<Backlog> backlogs = new ArrayList<>(byOwner.size());
    for (Map.Entry<NodeId, OwnerHints> entry : byOwner.entrySet()) {
      OwnerHints hints = entry.getValue();
      if (hints.bySequence.isEmpty()) {
        continue; // only reserved: its first record is being appended
      }
      backlogs.add(
          new Backlog(
              entry.getKey(),
              hints.bySequence.size(),
              hints.bytes,
              hints.bySequence.firstEntry().getValue().createdMillis()));
    }
    return backlogs;
  }

  /** Hints held for every owner together. */
  public synchronized int size() {
    int size = 0;
    for (OwnerHints hints : byOwner.values()) {
      size += hints.bySequence.size();
    }
    return size;
  }

  /** Counts since the store opened. */
  public Counts counts() {
    return new Counts(stored.get(), delivered.get(), dropped.get(), refused.get());
  }

  /** Deletes {@code hint} from the index and the engine; false if it was gone already. */
  private boolean remove(Hint hint) {
    if (!unindex(hint)) {
      return false;
    }
    engine.putAsync(
        hint.engineKey(),
        Versioned.tombstone(clockOf(2), clock.wallMillis()),
        new PutCallback() {
          @Override
          public void completed(PutOutcome outcome) {}

          @Override
          public void failed(RuntimeException failure) {
            // The hint stays on disk and comes back after a restart: delivered twice, harmless.
          }
        });
    return true;
  }

  private synchronized void index(Hint hint) {
    OwnerHints hints = byOwner.computeIfAbsent(hint.owner(), owner -> new OwnerHints());
    hints.bySequence.put(hint.sequence(), hint);
    hints.bytes += hint.bytes();
  }

  private synchronized boolean unindex(Hint hint) {
    OwnerHints hints = byOwner.get(hint.owner());
    if (hints == null || hints.bySequence.remove(hint.sequence()) == null) {
      return false;
    }
    hints.bytes -= hint.bytes();
    forgetIfEmpty(hint.owner(), hints);
    return true;
  }

  private VectorClock clockOf(long counter) {
    return VectorClock.empty().advance(self, counter, 0, 1);
  }

  static byte[] keyOf(NodeId owner, long sequence) {
    byte[] id = owner.value().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(id.length + 1 + SEQUENCE_BYTES)
        .put(id)
        .put(SEPARATOR)
        .putLong(sequence)
        .array();
  }

  private static NodeId ownerOf(byte[] key) {
    return NodeId.of(new String(key, 0, key.length - 1 - SEQUENCE_BYTES, StandardCharsets.UTF_8));
  }

  private static long sequenceOf(byte[] key) {
    return ByteBuffer.wrap(key, key.length - SEQUENCE_BYTES, SEQUENCE_BYTES).getLong();
  }

  /** One owner's hints, by sequence, and their bytes. */
  private static final class OwnerHints {
    final TreeMap<Long, Hint> bySequence = new TreeMap<>();
    long bytes;
  }
}
