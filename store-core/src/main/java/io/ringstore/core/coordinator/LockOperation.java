package io.ringstore.core.coordinator;

import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.LockResponse;
import io.ringstore.core.wire.LockResponse.Outcome;
import io.ringstore.core.wire.Response;
import java.util.concurrent.TimeUnit;

/**
 * One lock request on its way ({@link LockService} explains the protocol): a serial read of the
 * lock's record, then at most one put-if-version over what it read; a write that finds the record
 * changed decides again on the version it found. A failed read or write is retried from a fresh
 * read after a short pause until the request's deadline, so a write that timed out but applied is
 * recognized (the record then names this acquisition, or no longer names the released grant).
 *
 * <p>States: one conditional write or read in flight, or parked (waiting for a wake-up or a timer),
 * or done. The monitor guards the hand-over between a wake-up, a timer and an answer; calls out are
 * made outside it.
 */
final class LockOperation {
  /** Longest pause before a failed step is tried again. */
  static final long RETRY_MILLIS_MAX = 50;

  private final LockService service;
  private final LockRequest request;
  private final java.util.function.Consumer<Response> respond;
  private final byte[] key;
  private final int stepTimeoutMillis;
  private final long waitDeadlineNanos;
  private final long deadlineNanos;

  private boolean parked;
  private boolean done;
  private Scheduler.Cancellable timer;

  LockOperation(
      LockService service, LockRequest request, java.util.function.Consumer<Response> respond) {
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
    read();
  }

  private boolean acquiring() {
    return request.op() == LockRequest.Op.ACQUIRE;
  }

  private void read() {
    call(ConditionalRequest.serialRead(key, stepTimeoutMillisLeft()));
  }

  /** Writes {@code next} over the version read; {@code outcome} is the answer if it applies. */
  private void write(VectorClock read, LockRecord next, Outcome outcome) {
    long writeId = service.settings().random().nextLong();
    ConditionalRequest put =
        ConditionalRequest.ifVersion(
            key, read, next.encode(), writeId == 0 ? 1 : writeId, stepTimeoutMillisLeft());
    service
        .registers()
        .accept(
            put,
            response -> {
              if (response instanceof ConditionalResponse answer && answer.applied()) {
                finish(answerOf(outcome, next));
                if (request.op() == LockRequest.Op.RELEASE) {
                  service.wake(request.name());
                }
              } else {
                answered(response);
              }
            });
  }

  private void call(ConditionalRequest conditional) {
    service.registers().accept(conditional, this::answered);
  }

  private int stepTimeoutMillisLeft() {
    long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - service.clock().monotonicNanos());
    return (int) Math.max(1, Math.min(stepTimeoutMillis, left));
  }

  private void answered(Response response) {
    if (response instanceof ConditionalResponse answer) {
      decide(answer.currentOrNull());
    } else {
      failed(response);
    }
  }

  /** A step failed: tries again from a read after a short pause, or gives its error at the end. */
  private void failed(Response error) {
    long now = service.clock().monotonicNanos();
    long pauseNanos =
        TimeUnit.MILLISECONDS.toNanos(
            1 + service.settings().random().nextInt((int) RETRY_MILLIS_MAX));
    if (now + pauseNanos >= deadlineNanos) {
      finish(
          error instanceof ErrorResponse refused && refused.code() != ErrorCode.TIMEOUT
              ? error
              : ErrorResponse.of(
                  ErrorCode.TIMEOUT,
                  "the lock operation did not finish in time and may have applied: see `ringstore"
                      + " lock status "
                      + request.name()
                      + "`"));
      return;
    }
    parkFor(pauseNanos, false);
  }

  /** Decides on the record as read (or as a write that did not apply found it). */
  private void decide(Versioned currentOrNull) {
    LockRecord record;
    try {
      record = LockRecord.of(currentOrNull);
    } catch (IllegalStateException foreign) {
      finish(ErrorResponse.of(ErrorCode.INTERNAL, foreign.getMessage()));
      return;
    }
    VectorClock read = currentOrNull == null ? VectorClock.empty() : currentOrNull.clock();
    boolean ours = record.held() && record.token() == request.token();
    switch (request.op()) {
      case STATUS -> finish(answerOf(Outcome.STATUS, record));
      case RENEW -> {
        if (ours) {
          write(
              read,
              LockRecord.grant(record.owner(), record.token(), request.leaseMillis()),
              Outcome.RENEWED);
        } else {
          finish(answerOf(Outcome.NOT_HELD, record));
        }
      }
      case RELEASE -> {
        if (ours) {
          write(read, record.released(), Outcome.RELEASED);
        } else if (!record.held() && record.token() == request.token()) {
          finish(answerOf(Outcome.RELEASED, record)); // an earlier attempt released it
        } else {
          finish(answerOf(Outcome.NOT_HELD, record));
        }
      }
      case ACQUIRE -> decideAcquire(record, read);
    }
  }

  private void decideAcquire(LockRecord record, VectorClock read) {
    if (record.held() && record.owner() == request.owner()) {
      finish(answerOf(Outcome.GRANTED, record)); // an earlier attempt of this acquisition won
      return;
    }
    if (!record.held()) {
      write(read, grantAfter(record.token(), false), Outcome.GRANTED);
      return;
    }
    long leaseNanos = TimeUnit.MILLISECONDS.toNanos(record.leaseMillis());
    long unchanged = service.unchangedForNanos(request.name(), read);
    if (unchanged >= leaseNanos) {
      write(read, grantAfter(record.token(), true), Outcome.GRANTED);
      return;
    }
    long now = service.clock().monotonicNanos();
    if (now >= waitDeadlineNanos) {
      finish(answerOf(Outcome.BUSY, record));
      return;
    }
    parkFor(Math.min(leaseNanos - unchanged, waitDeadlineNanos - now), true);
  }

  /** The grant to this acquisition after one with {@code lastToken}. */
  private LockRecord grantAfter(long lastToken, boolean expired) {
    boolean reuse =
        expired
            && service.settings().lockTokens()
                == ConditionalSettings.LockTokenRule.REUSED_AFTER_EXPIRY;
    return LockRecord.grant(
        request.owner(), reuse ? lastToken : lastToken + 1, request.leaseMillis());
  }

  /** Waits {@code nanos}, or less if {@code wakeable} and the lock is released here first. */
  private void parkFor(long nanos, boolean wakeable) {
    synchronized (this) {
      parked = true;
      timer = service.scheduler().schedule(Math.max(1, nanos), this::woken);
    }
    if (wakeable) {
      service.park(request.name(), this);
    }
  }

  /** The pause ended or the lock was released: reads the record again. */
  void woken() {
    synchronized (this) {
      if (!parked || done) {
        return;
      }
      parked = false;
      timer.cancel();
    }
    read();
  }

  private LockResponse answerOf(Outcome outcome, LockRecord record) {
    return new LockResponse(
        outcome, record.held(), record.owner(), record.token(), record.leaseMillis());
  }

  private void finish(Response response) {
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
    }
    if (acquiring()) {
      service.leave(request.name(), this);
    }
    respond.accept(response);
  }
}
