package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.Operation.Kind;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the writer of each version had seen, worked out from the history rather than from the
 * store's clocks, so that a store whose clocks claim more than their writers saw is caught.
 *
 * <p>A write's causal past is its own events and the past of whatever gave its context: the
 * client's own earlier write, or every version of a get. A write's events are the counters of its
 * coordinator the store gave it: the one in its acknowledged clock, and the one in every version
 * read back with its value (a request the network duplicated, or a retry, is stored under a second
 * event; a version's own event is its coordinator's highest counter in it). A version a read
 * returned is traced to its write by its value (every put's value is unique) or, for a tombstone,
 * by the clock an acknowledged delete of its key was given. A version traced to no write (a
 * tombstone whose delete timed out) is taken at its clock's word.
 *
 * <p>A write is superseded legitimately only by a version whose past holds one of its events: the
 * supersession the store performed must be one a client chose, having seen the write.
 */
final class Causality {
  /** One write event: the {@code counter}-th of {@code node}. */
  private record Event(String node, long counter) {}

  /** A causal past: events traced exactly, and clocks of untraced versions taken at their word. */
  private static final class Past {
    final Set<Event> events = new HashSet<>();
    // A set: the pasts of a read's siblings share most claims, and a list would double them with
    // every read of siblings (a 2,000-operation run ran out of memory).
    final Set<VectorClock> claims = new LinkedHashSet<>();

    void addAll(Past other) {
      events.addAll(other.events);
      claims.addAll(other.claims);
    }

    boolean holds(Event event) {
      if (events.contains(event)) {
        return true;
      }
      for (VectorClock claim : claims) {
        if (claim.holds(NodeId.of(event.node()), event.counter())) {
          return true;
        }
      }
      return false;
    }
  }

  private final Map<Long, Operation> byId = new HashMap<>();
  private final Map<String, Operation> putsByValue = new HashMap<>();
  private final Map<KeyClock, Operation> writesByClock = new HashMap<>();

  /** A version's identity within its key: clocks of different keys may be equal. */
  private record KeyClock(String key, VectorClock clock) {}

  private final Map<Long, Set<Event>> eventsOf = new HashMap<>();
  private final Map<Long, Past> pasts = new HashMap<>();

  /** The causality of {@code operations}, with the versions {@code finalReads} returned. */
  Causality(List<Operation> operations, Collection<Operation> finalReads) {
    for (Operation op : operations) {
      byId.put(op.id(), op);
      if (op.kind() == Kind.PUT) {
        putsByValue.put(op.valueOrNull(), op);
      }
      if (op.kind() != Kind.GET && op.clockOrNull() != null) {
        writesByClock.put(new KeyClock(op.key(), op.clockOrNull()), op);
        addEvent(op, op.clockOrNull());
      }
    }
    for (Collection<Operation> reads : List.of(operations, finalReads)) {
      for (Operation read : reads) {
        for (Versioned version : read.versions()) {
          Operation writer = writerOf(read.key(), version);
          if (writer != null) {
            addEvent(writer, version.clock());
          }
        }
      }
    }
  }

  /**
   * Whether the acknowledged {@code put} survives in {@code finalRead}: its value is there, or a
   * version whose past holds one of the put's events. A put whose clock has no entry for its
   * coordinator (not a clock this store makes) is judged by clock order alone.
   */
  boolean survives(Operation put, Operation finalRead) {
    for (Versioned version : finalRead.versions()) {
      if (!version.isTombstone() && put.valueOrNull().equals(text(version.value()))) {
        return true;
      }
    }
    Set<Event> events = eventsOf.getOrDefault(put.id(), Set.of());
    if (events.isEmpty()) {
      return finalRead.observed(put.clockOrNull());
    }
    for (Versioned version : finalRead.versions()) {
      Past past = pastOf(finalRead.key(), version);
      for (Event event : events) {
        if (past.holds(event)) {
          return true;
        }
      }
    }
    return false;
  }

  private void addEvent(Operation write, VectorClock clock) {
    long counter = clock.counterOf(NodeId.of(write.coordinator()));
    if (counter != 0) {
      eventsOf
          .computeIfAbsent(write.id(), id -> new HashSet<>())
          .add(new Event(write.coordinator(), counter));
    }
  }

  private Operation writerOf(String key, Versioned version) {
    return version.isTombstone()
        ? writesByClock.get(new KeyClock(key, version.clock()))
        : putsByValue.get(text(version.value()));
  }

  private Past pastOf(String key, Versioned version) {
    Operation writer = writerOf(key, version);
    if (writer == null) {
      Past claimed = new Past();
      claimed.claims.add(version.clock());
      return claimed;
    }
    return pastOf(writer, version.clock());
  }

  /** The past of {@code write}, one of whose versions carries {@code clock}. */
  private Past pastOf(Operation write, VectorClock clock) {
    Past known = pasts.get(write.id());
    if (known != null) {
      return known;
    }
    Past past = new Past();
    past.addAll(seenBefore(write));
    Set<Event> events = eventsOf.getOrDefault(write.id(), Set.of());
    if (events.isEmpty()) {
      past.claims.add(clock);
    }
    past.events.addAll(events);
    pasts.put(write.id(), past);
    return past;
  }

  /** What the client had seen when it wrote {@code write}: the past of its context's source. */
  private Past seenBefore(Operation write) {
    Operation source = write.contextOpId() < 0 ? null : byId.get(write.contextOpId());
    Past seen = new Past();
    if (source == null) {
      return seen;
    }
    if (source.kind() == Kind.GET) {
      for (Versioned version : source.versions()) {
        seen.addAll(pastOf(source.key(), version));
      }
    } else {
      seen.addAll(pastOf(source, source.clockOrNull()));
    }
    return seen;
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}
