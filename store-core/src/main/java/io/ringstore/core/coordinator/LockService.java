package io.ringstore.core.coordinator;

import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Named locks with leases and fencing tokens, built on linearizable conditional writes: each lock
 * is a register key ({@link LockRequest#recordKey}) whose value says who holds it, for how long,
 * and the last grant's fencing token. Every change is a put-if-version over a serial read, so two
 * grants can never both succeed from one record, and each grant's token is one more than the last
 * one written (a released record keeps its token): tokens strictly increase per lock across crashes
 * and restarts of every node, as durable as the Paxos state.
 *
 * <p><b>Expiry without shared clocks.</b> A waiting acquisition takes a held lock over only after
 * this node has seen the record unchanged (the same version) for a whole lease on its own monotonic
 * clock; a renewal writes a new version, so it starts the count again. No two machines' clocks are
 * compared. The holder, for its part, counts its lease from before it sent the request that granted
 * or renewed it, and stops trusting it a safety margin early (the client's {@code Lease}); the
 * fencing token covers what that cannot: a holder paused past its lease.
 *
 * <p><b>Waiting.</b> A waiting acquisition parks until one of: a release of the lock through this
 * node (it is woken at once), the holder's lease running out as this node counts it, or its wait
 * ending. Clients send a lock's requests to the same node (the first live replica of its record's
 * key), so releases usually pass where the waiters are; a release through another node is noticed
 * when the lease would have run out.
 *
 * <p>Threads: requests, answers and timers arrive on any thread; the waiters' table is guarded by
 * this object's monitor, never held while calling out.
 */
public final class LockService {
  private final BiConsumer<ConditionalRequest, Consumer<Response>> registers;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Supplier<ConditionalSettings> settings;
  private final int defaultTimeoutMillis;
  private final Map<String, Waiters> waiting = new HashMap<>();

  /**
   * @param registers runs a conditional write on a lock's record key (the coordinator's, which
   *     refuses such keys from clients)
   * @param defaultTimeoutMillis how long one conditional write may take when a request says 0
   */
  LockService(
      BiConsumer<ConditionalRequest, Consumer<Response>> registers,
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
    VectorClock seen;
    long seenSinceNanos;
    final Set<LockOperation> parked = new LinkedHashSet<>();
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
   * How long this node has seen {@code name}'s record at version {@code version} without a change,
   * by its monotonic clock; 0 when the version is new to it. Called only while an acquisition of
   * the lock runs here.
   */
  synchronized long unchangedForNanos(String name, VectorClock version) {
    Waiters waiters = waiting.get(name);
    long now = clock.monotonicNanos();
    if (!version.equals(waiters.seen)) {
      waiters.seen = version;
      waiters.seenSinceNanos = now;
    }
    return now - waiters.seenSinceNanos;
  }

  /** {@code operation} waits for a change of {@code name}: {@link #wake} resumes it. */
  synchronized void park(String name, LockOperation operation) {
    waiting.get(name).parked.add(operation);
  }

  /** Resumes every acquisition of {@code name} parked here: the lock was released. */
  void wake(String name) {
    List<LockOperation> woken;
    synchronized (this) {
      Waiters waiters = waiting.get(name);
      if (waiters == null) {
        return;
      }
      woken = new ArrayList<>(waiters.parked);
      waiters.parked.clear();
    }
    woken.forEach(LockOperation::woken);
  }

  BiConsumer<ConditionalRequest, Consumer<Response>> registers() {
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
