package io.ringstore.core.replica;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.time.Clock;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.AcceptorState;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A node's Paxos acceptor state, one record per key, durable before any answer depends on it.
 *
 * <p><b>Design.</b> The state lives in a {@link StorageEngine} of its own (in production a log
 * engine in the node's {@code paxos} directory, under the data's fsync policy), as hints do: record
 * CRCs, group commit, crash recovery and compaction come with it. A key's record is the key itself
 * with the encoded {@link AcceptorState} as its value and a clock with one entry, {@link
 * #RECORD_CLOCK_NODE}, counting the record's updates, so each update supersedes the last and
 * compaction drops the old ones. The engine is never synced by anti-entropy nor read by clients:
 * acceptor state belongs to one replica. When a range moves, the replica that gains it merges the
 * states of the replicas it replaces into its own ({@link AcceptorState#mergedWith}, {@code
 * PaxosHandover}); that is the only way a state leaves its replica.
 *
 * <p>Callers serialize the updates of one key ({@link PaxosAcceptor} does, by key stripe): {@link
 * #read} then {@link #write} with what it read.
 */
public final class PaxosStore {
  /** The clock entry of an acceptor record: not a node, a count of the record's updates. */
  static final NodeId RECORD_CLOCK_NODE = NodeId.of("paxos");

  private final StorageEngine engine;
  private final Clock clock;

  public PaxosStore(StorageEngine engine, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A key's state and the record it came from (null before the first write). */
  public record Stored(AcceptorState state, Versioned recordOrNull) {}

  /**
   * The key's state; {@link AcceptorState#EMPTY} if the acceptor never saw it.
   *
   * @throws IllegalStateException if the record does not decode, naming the key's record
   */
  public Stored read(byte[] key) {
    return storedOf(engine.get(key));
  }

  /**
   * The states of the keys whose tokens lie in {@code range}, in the order of {@link
   * StorageEngine#scan}, each with its key's token; keys whose records are gone are left out.
   *
   * @throws IllegalStateException if a record does not decode, naming it
   */
  public Iterator<Scanned> scan(TokenRange range) {
    Iterator<KeyVersions> keys = engine.scan(range);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return keys.hasNext();
      }

      @Override
      public Scanned next() {
        KeyVersions key = keys.next();
        return new Scanned(key.key(), key.token(), storedOf(key.versions()).state());
      }
    };
  }

  /** A key's state as {@link #scan} finds it. */
  public record Scanned(byte[] key, long token, AcceptorState state) {}

  private static Stored storedOf(List<Versioned> records) {
    Versioned latest = null;
    for (Versioned record : records) {
      if (latest == null
          || record.clock().counterOf(RECORD_CLOCK_NODE)
              > latest.clock().counterOf(RECORD_CLOCK_NODE)) {
        latest = record;
      }
    }
    if (latest == null || latest.isTombstone()) {
      return new Stored(AcceptorState.EMPTY, latest);
    }
    try {
      return new Stored(AcceptorState.decode(latest.value()), latest);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the Paxos record of a key ("
              + latest.value().length
              + " bytes) is unreadable: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Replaces the key's record (as {@link #read} returned it) with {@code next}; {@code callback}
   * hears once the new record is durable, or the failure.
   */
  public void write(byte[] key, Stored previous, AcceptorState next, PutCallback callback) {
    VectorClock parent =
        previous.recordOrNull() == null ? VectorClock.empty() : previous.recordOrNull().clock();
    long nowMillis = clock.wallMillis();
    VectorClock recordClock = parent.increment(RECORD_CLOCK_NODE, nowMillis, 1);
    engine.putAsync(key, Versioned.of(recordClock, nowMillis, next.encode()), callback);
  }
}
