package io.ringstore.core.coordinator;

import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.Response;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Named locks with leases and fencing tokens, built on linearizable conditional writes: each lock
 * is a register key ({@link LockRequest#recordKey}) whose value says who holds it, for how long,
 * and the last grant's fencing token. Every operation is one Paxos round on that key whose write is
 * decided on the record the round read ({@link LockOperation}), so two grants can never both
 * succeed from one record, and each grant's token is one more than the last one written (a released
 * record keeps its token): tokens strictly increase per lock across crashes and restarts of every
 * node, as durable as the Paxos state.
 *
 * <p><b>Expiry without shared clocks.</b> A waiting acquisition takes a held lock over only after
 * this node has seen the record unchanged (the same version) for a whole lease on its own monotonic
 * clock; a renewal writes a new version, so it starts the count again. No two machines' clocks are
 * compared. The holder, for its part, counts its lease from before it sent the request that granted
 * or renewed it, and stops trusting it a safety margin early (the client's {@code Lease}); the
 * fencing token covers what that cannot: a holder paused past its lease.
 *
 * <p><b>Waiting.</b> A waiting acquisition parks until a release of the lock through this node
 * hands the lock over to it (the release's round writes the grant to the first acquisition parked
 * here with time left, in the order they parked: one round per hand-over, and no newcomer barges
 * in), the holder's lease runs out as this node counts it, or its wait ends. A release with no
 * acquisition parked here frees the lock (and wakes one that parked since its round decided); an
 * heir that ended meanwhile has its grant released at once. Clients send a lock's requests to the
 * same node (the first live replica of its record's key), so releases usually pass where the
 * waiters are; a release through another node is noticed when the lease would have run out. A
 * release counts as a wake-up for an acquisition that read the record before it but had not parked
 * yet: that one reads again instead of parking.
 *
 * <p>Threads: requests, answers and timers arrive on any thread; the waiters' table is guarded by
 * this object's monitor, never held while calling out.
 */
public final class LockService {
  private final Registers registers;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Supplier<ConditionalSettings> settings;
  private final int defaultTimeoutMillis;
  private final Map<String, Waiters> waiting = new HashMap<>();

  /**
   * @param registers runs the Paxos rounds on lock records (the coordinator's, which refuses such
   *     keys from clients)
   * @param defaultTimeoutMillis how long one round may take when a request says 0
   */
  LockService(
      Registers registers,
      Scheduler scheduler,
      Clock clock,
      Supplier<ConditionalSettings> settings,
      int defaultTimeoutMillis) {
    this.registers = registers;
    this.scheduler = scheduler;
    this.clock = clock;
    this.settings = settings;
    this.defaultTimeoutMillis = defaultTimeoutMillis;
  }

  /** Carries out {@code request}; a {@code LockResponse} or an error, exactly once. */
  public void handle(LockRequest request, Consumer<Response> respond) {
    new LockOperation(this, request, respond).start();
  }

  /** What this node knows of one lock while acquisitions of it run here. */
  private static final class Waiters {
    int acquiring;
    long wakes;
    VectorClock seen;
    long seenSinceNanos;
    final ArrayDeque<LockOperation> parked = new ArrayDeque<>();
  }

  /** An acquisition of {@code name} starts here. */
  synchronized void enter(String name) {
    waiting.computeIfAbsent(name, n -> new Waiters()).acquiring++;
  }

  /** An acquisition of {@code name} ended; the lock's entry goes with the last one. */
  synchronized void leave(String name, LockOperation operation) {
    Waiters waiters = waiting.get(name);
    waiters.parked.remove(operation);
    if (--waiters.acquiring == 0) {
      waiting.remove(name);
    }
  }

  /**
   * How long this node has seen {@code name}'s record at {@code version} without a change, by its
   * monotonic clock; 0 when the version is new to it, or when no acquisition of the lock runs here
   * any more (a round still running for one that was answered).
   */
  synchronized long unchangedForNanos(String name, VectorClock version) {
    Waiters waiters = waiting.get(name);
    long now = clock.monotonicNanos();
    if (waiters == null) {
      return 0; // every acquisition of it ended meanwhile
    }
    if (!version.equals(waiters.seen)) {
      waiters.seen = version;
      waiters.seenSinceNanos = now;
    }
    return now - waiters.seenSinceNanos;
  }

  /** The count of releases of {@code name} through this node so far: see {@link #park}. */
  synchronized long wakes(String name) {
    Waiters waiters = waiting.get(name);
    return waiters == null ? 0 : waiters.wakes;
  }

  /**
   * Parks {@code operation} until {@link #wakeOne} resumes it, unless a release came through since
   * it read the record ({@code wakesSeen}, as {@link #wakes} said then): then it should read again.
   *
   * @return whether it parked
   */
  synchronized boolean park(String name, LockOperation operation, long wakesSeen) {
    Waiters waiters = waiting.get(name);
    if (waiters == null || waiters.wakes != wakesSeen) {
      return false;
    }
    waiters.parked.addLast(operation);
    return true;
  }

  /**
   * The acquisition a release of {@code name} through this node hands the lock to: the first parked
   * one with at least {@code waitLeftNanos} of its wait left; null if none.
   */
  synchronized LockOperation heirOf(String name, long waitLeftNanos) {
    Waiters waiters = waiting.get(name);
    if (waiters == null) {
      return null;
    }
    long now = clock.monotonicNanos();
    for (LockOperation parked : waiters.parked) {
      if (parked.waitDeadlineNanos() - now >= waitLeftNanos && parked.isParked()) {
        return parked;
      }
    }
    return null;
  }

  /**
   * {@code name} was released here and handed to a waiter: acquisitions that read before re-read.
   */
  synchronized void handedOver(String name, LockOperation heir) {
    Waiters waiters = waiting.get(name);
    if (waiters != null) {
      waiters.wakes++;
      waiters.parked.remove(heir);
    }
  }

  /** {@code operation} stopped waiting on its own (its timer). */
  synchronized void unpark(String name, LockOperation operation) {
    Waiters waiters = waiting.get(name);
    if (waiters != null) {
      waiters.parked.remove(operation);
    }
  }

  /** {@code name} was released here, or a woken acquisition ended without it: wakes the next. */
  void wakeOne(String name) {
    synchronized (this) {
      Waiters waiters = waiting.get(name);
      if (waiters == null) {
        return;
      }
      waiters.wakes++;
    }
    while (true) {
      LockOperation next;
      synchronized (this) {
        Waiters waiters = waiting.get(name);
        next = waiters == null ? null : waiters.parked.pollFirst();
      }
      if (next == null || next.woken()) {
        return;
      }
    }
  }

  Registers registers() {
    return registers;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  Clock clock() {
    return clock;
  }

  ConditionalSettings settings() {
    return settings.get();
  }

  int timeoutMillis(LockRequest request) {
    return request.timeoutMillis() == 0 ? defaultTimeoutMillis : request.timeoutMillis();
  }
}
