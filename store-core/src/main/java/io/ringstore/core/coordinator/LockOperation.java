package io.ringstore.core.coordinator;

import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Fences;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.LockResponse;
import io.ringstore.core.wire.LockResponse.Outcome;
import io.ringstore.core.wire.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One lock request on its way ({@link LockService} explains the protocol). Each step is one Paxos
 * round on the lock's record whose write is decided inside the round on the record it read ({@link
 * #decide}): a grant, renewal or release where the record allows it, nothing otherwise. A round
 * that wrote nothing is settled on what it read ({@link #settle}): an acquisition of a held lock
 * parks until woken, until the holder's lease would have run out or until its wait ends, then runs
 * another round. A failed round is run again after a growing pause until the request's deadline, so
 * a round that timed out but applied is recognized by the next (the record then names this
 * acquisition, or no longer names the released grant).
 *
 * <p>States: one round in flight, parked (waiting for a wake-up or its timer; {@link #cycle} tells
 * a stale timer from the current one), or done. The monitor guards those hand-overs; rounds, timers
 * and answers are started outside it.
 */
final class LockOperation {
  /** Longest pause before a failed round is run again. */
  static final long RETRY_MILLIS_MAX = 100;

  private final LockService service;
  private final LockRequest request;
  private final Consumer<Response> respond;
  private final byte[] key;
  private final int stepTimeoutMillis;
  private final long waitDeadlineNanos;
  private final long deadlineNanos;

  private boolean parked;
  private boolean done;
  private boolean wokenByRelease;
  private int cycle;
  private int failures;
  private long wakesSeen;
  private Scheduler.Cancellable timer;

  /**
   * For a release: every parked acquisition its rounds decided to hand the lock to, by owner (a
   * later round may decide anew; the record chosen names the one that counts).
   */
  private final Map<Long, LockOperation> heirs = new ConcurrentHashMap<>();

  /** The token of the grant this acquisition was answered, 0 before. */
  private long grantedToken;

  LockOperation(LockService service, LockRequest request, Consumer<Response> respond) {
    this.service = service;
    this.request = request;
    this.respond = respond;
    this.key = LockRequest.recordKey(request.name());
    this.stepTimeoutMillis = service.timeoutMillis(request);
    long now = service.clock().monotonicNanos();
    this.waitDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(request.waitMillis());
    this.deadlineNanos = waitDeadlineNanos + TimeUnit.MILLISECONDS.toNanos(stepTimeoutMillis);
  }

  void start() {
    if (acquiring()) {
      service.enter(request.name());
    }
    round();
  }

  private boolean acquiring() {
    return request.op() == LockRequest.Op.ACQUIRE;
  }

  private void round() {
    synchronized (this) {
      if (done) {
        return;
      }
    }
    if (acquiring()) {
      wakesSeen = service.wakes(request.name());
    }
    long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - service.clock().monotonicNanos());
    int timeout = (int) Math.max(1, Math.min(stepTimeoutMillis, left));
    service.registers().update(key, 0, this::decide, timeout, this::answered);
  }

  /** The round's write over the record it read: called inside the round, maybe more than once. */
  private RegisterUpdate.Change decide(
      Versioned currentOrNull, Fences fences, Intent intentOrNull) {
    synchronized (this) {
      if (done) {
        return null; // a round still running for an operation answered already writes nothing
      }
    }
    LockRecord next = nextRecord(recordOf(currentOrNull), versionOf(currentOrNull));
    return next == null ? null : new RegisterUpdate.Change(next.encode(), fences);
  }

  private LockRecord nextRecord(LockRecord record, VectorClock version) {
    boolean ours = record.held() && record.token() == request.token();
    return switch (request.op()) {
      case STATUS -> null;
      case RENEW ->
          ours ? LockRecord.grant(record.owner(), record.token(), request.leaseMillis()) : null;
      case RELEASE -> {
        if (!ours) {
          yield null;
        }
        LockOperation next =
            service.heirOf(request.name(), TimeUnit.MILLISECONDS.toNanos(2L * stepTimeoutMillis));
        if (next != null) {
          heirs.put(next.request.owner(), next);
        }
        yield next == null
            ? record.released()
            : LockRecord.grant(
                next.request.owner(), record.token() + 1, next.request.leaseMillis());
      }
      case ACQUIRE -> {
        if (record.owner() == request.owner()) {
          yield null; // granted to an earlier copy of this acquisition, and maybe released since
        }
        if (!record.held()) {
          yield grantAfter(record.token(), false);
        }
        yield service.unchangedForNanos(request.name(), version) >= takeOverNanos(record)
            ? grantAfter(record.token(), true)
            : null;
      }
    };
  }

  /** How long a held record must stay unchanged before it is taken over: its lease. */
  private long takeOverNanos(LockRecord record) {
    long leaseNanos = TimeUnit.MILLISECONDS.toNanos(record.leaseMillis());
    boolean early =
        service.settings().locks() == ConditionalSettings.LockRule.TAKEN_OVER_AT_HALF_LEASE;
    return early ? leaseNanos / 2 : leaseNanos;
  }

  /** The grant to this acquisition after one with {@code lastToken}. */
  private LockRecord grantAfter(long lastToken, boolean expired) {
    boolean reuse =
        expired && service.settings().locks() == ConditionalSettings.LockRule.REUSED_AFTER_EXPIRY;
    return LockRecord.grant(
        request.owner(), reuse ? lastToken : lastToken + 1, request.leaseMillis());
  }

  private static LockRecord recordOf(Versioned currentOrNull) {
    try {
      return LockRecord.of(currentOrNull);
    } catch (IllegalStateException foreign) {
      throw new IllegalArgumentException(foreign.getMessage(), foreign);
    }
  }

  private static VectorClock versionOf(Versioned currentOrNull) {
    return currentOrNull == null ? VectorClock.empty() : currentOrNull.clock();
  }

  private void answered(Response response) {
    synchronized (this) {
      if (done) {
        return; // answered already (a hand-over granted it while this round ran)
      }
    }
    if (response instanceof ConditionalResponse answer) {
      LockRecord record;
      try {
        record = LockRecord.of(answer.currentOrNull());
      } catch (IllegalStateException foreign) {
        finish(ErrorResponse.of(ErrorCode.INTERNAL, foreign.getMessage()));
        return;
      }
      settle(answer.applied(), record, answer.currentOrNull());
    } else {
      failed(response);
    }
  }

  /**
   * Answers, or waits and runs another round, on the record a round wrote or read. An answer that
   * says applied because the round found its write among the register's last ones carries the
   * register's current version, which may be a later write's: an acquisition and a renewal trust
   * only a record that still shows their grant.
   */
  private void settle(boolean applied, LockRecord record, Versioned current) {
    boolean showsOurs =
        switch (request.op()) {
          case ACQUIRE -> record.held() && record.owner() == request.owner();
          case RENEW -> record.held() && record.token() == request.token();
          case RELEASE, STATUS -> true;
        };
    if (applied && showsOurs) {
      finish(answerOf(successOf(request.op()), record));
      if (request.op() == LockRequest.Op.RELEASE) {
        handOver(record);
      }
      return;
    }
    switch (request.op()) {
      case STATUS -> finish(answerOf(Outcome.STATUS, record));
      case RENEW -> finish(answerOf(Outcome.NOT_HELD, record));
      case RELEASE -> {
        boolean freedEarlier = !record.held() && record.token() == request.token();
        boolean handedEarlier =
            record.held()
                && record.token() == request.token() + 1
                && heirs.containsKey(record.owner());
        finish(
            answerOf(freedEarlier || handedEarlier ? Outcome.RELEASED : Outcome.NOT_HELD, record));
        if (freedEarlier || handedEarlier) {
          handOver(record); // an earlier round of this release applied
        }
      }
      case ACQUIRE -> settleAcquire(record, versionOf(current));
    }
  }

  private void settleAcquire(LockRecord record, VectorClock version) {
    if (record.owner() == request.owner()) {
      // An earlier copy of this acquisition was granted: still held, or released already.
      finish(answerOf(record.held() ? Outcome.GRANTED : Outcome.RELEASED, record));
      return;
    }
    if (!record.held()) {
      round(); // freed since the round decided
      return;
    }
    long leaseNanos = takeOverNanos(record);
    long unchanged = service.unchangedForNanos(request.name(), version);
    long now = service.clock().monotonicNanos();
    if (now >= waitDeadlineNanos) {
      finish(answerOf(Outcome.BUSY, record));
      return;
    }
    parkFor(Math.max(0, Math.min(leaseNanos - unchanged, waitDeadlineNanos - now)), true);
  }

  /**
   * After this release applied: gives the lock to the heir its round wrote it to, or, if it freed
   * the lock, wakes the next parked acquisition. An heir that ended meanwhile (its wait ran out)
   * has its grant released at once, so the lock does not sit with nobody for a lease.
   */
  private void handOver(LockRecord written) {
    LockOperation next = written.held() ? heirs.get(written.owner()) : null;
    if (next == null) {
      service.wakeOne(request.name());
      return;
    }
    service.handedOver(request.name(), next);
    if (!next.granted(written)) {
      service.handle(
          LockRequest.release(request.name(), written.token(), request.timeoutMillis()),
          ignored -> {});
    }
  }

  /** The release of the lock's last holder wrote this acquisition's grant; false if it ended. */
  boolean granted(LockRecord record) {
    Scheduler.Cancellable stale;
    synchronized (this) {
      if (done) {
        return grantedToken == record.token(); // its own round found the grant first
      }
      parked = false;
      stale = timer;
    }
    if (stale != null) {
      stale.cancel();
    }
    finish(answerOf(Outcome.GRANTED, record));
    return true;
  }

  long waitDeadlineNanos() {
    return waitDeadlineNanos;
  }

  /** Whether it waits parked (not running a round): only such an acquisition becomes an heir. */
  synchronized boolean isParked() {
    return parked && !done;
  }

  private static Outcome successOf(LockRequest.Op op) {
    return switch (op) {
      case ACQUIRE -> Outcome.GRANTED;
      case RENEW -> Outcome.RENEWED;
      case RELEASE -> Outcome.RELEASED;
      case STATUS -> Outcome.STATUS;
    };
  }

  /**
   * A round failed: a refusal that will not change is the answer; otherwise another round after a
   * growing random pause, or a timeout at the deadline.
   */
  private void failed(Response error) {
    if (error instanceof ErrorResponse refused
        && (refused.code() == ErrorCode.BAD_REQUEST || refused.code() == ErrorCode.INTERNAL)) {
      finish(error);
      return;
    }
    long capMillis = Math.min(RETRY_MILLIS_MAX, 1L << Math.min(++failures, 10));
    long pauseNanos =
        TimeUnit.MILLISECONDS.toNanos(1 + service.settings().random().nextInt((int) capMillis));
    if (service.clock().monotonicNanos() + pauseNanos >= deadlineNanos) {
      finish(
          ErrorResponse.of(
              ErrorCode.TIMEOUT,
              "the lock operation did not finish in time and may have applied: see `ringstore"
                  + " lock status "
                  + request.name()
                  + "`"));
      return;
    }
    parkFor(pauseNanos, false);
  }

  /** Waits {@code nanos}, or less if {@code wakeable} and the lock is released here first. */
  private void parkFor(long nanos, boolean wakeable) {
    int parkedCycle;
    synchronized (this) {
      if (done) {
        return;
      }
      parked = true;
      parkedCycle = ++cycle;
    }
    if (wakeable && !service.park(request.name(), this, wakesSeen)) {
      synchronized (this) {
        parked = false;
      }
      round(); // released since this round read the record
      return;
    }
    Scheduler.Cancellable armed =
        service.scheduler().schedule(Math.max(1, nanos), () -> timerFired(parkedCycle));
    synchronized (this) {
      timer = armed;
    }
  }

  private void timerFired(int firedCycle) {
    synchronized (this) {
      if (done || !parked || firedCycle != cycle) {
        return;
      }
      parked = false;
    }
    if (acquiring()) {
      service.unpark(request.name(), this);
    }
    round();
  }

  /**
   * A release through this node wakes this parked acquisition; false if it was not parked (then the
   * next one is woken instead).
   */
  boolean woken() {
    Scheduler.Cancellable stale;
    synchronized (this) {
      if (done || !parked) {
        return false;
      }
      parked = false;
      wokenByRelease = true;
      stale = timer;
    }
    if (stale != null) {
      stale.cancel();
    }
    round();
    return true;
  }

  private LockResponse answerOf(Outcome outcome, LockRecord record) {
    return new LockResponse(
        outcome,
        record.held(),
        record.held() ? record.owner() : 0,
        record.token(),
        record.leaseMillis());
  }

  private void finish(Response response) {
    Scheduler.Cancellable stale;
    boolean passOnWakeUp;
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
      stale = timer;
      if (response instanceof LockResponse answer && answer.outcome() == Outcome.GRANTED) {
        grantedToken = answer.token();
      }
      passOnWakeUp =
          wokenByRelease
              && !(response instanceof LockResponse answer && answer.outcome() == Outcome.GRANTED);
    }
    if (stale != null) {
      stale.cancel();
    }
    if (acquiring()) {
      service.leave(request.name(), this);
      if (passOnWakeUp) {
        service.wakeOne(request.name());
      }
    }
    respond.accept(response);
  }
}
