package io.ringstore.core.coordinator;

import io.ringstore.core.coordinator.IntentUpdates.Prepared;
import io.ringstore.core.coordinator.TransactionRecord.State;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionRequest;
import io.ringstore.core.wire.TransactionResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The commit of one transaction (see {@link Transactions}): prepare every key at once, then write
 * the record, then resolve every key, and answer.
 *
 * <ul>
 *   <li>A key held by another transaction's intent: if this transaction is the older (wait-die,
 *       {@link Intent#olderThan}), it waits for the other to end and prepares the key again; if it
 *       is the younger, it gives up (below). No two transactions wait for each other.
 *   <li>Every key prepared (holds this transaction's intent): the record is written as committed.
 *       If it says committed, every key's write applies and the answer is a commit; if a resolver
 *       aborted the transaction first, the intents are dropped and the answer is a conflict; if the
 *       round does not finish, the outcome is unknown ({@link ErrorCode#TIMEOUT}) and the intents
 *       stay for whoever meets them.
 *   <li>Otherwise (a key changed since it was read, another transaction holds one, a round did not
 *       finish): the transaction aborts. If some prepare's outcome is unknown, the record is
 *       written as aborted first, so that an intent its round still places later is dropped by
 *       whoever meets it. The intents placed are dropped, the intents of other transactions met are
 *       resolved ({@link Transactions#meet}), and the answer is a conflict, so the client's retry
 *       finds the keys free where it can.
 * </ul>
 *
 * <p>The answer waits for the resolution, so a client that reads after a commit usually sees its
 * writes (a resolve round that fails leaves its intent to whoever meets it, or to the sweeper).
 *
 * <p>Threads: answers arrive on any thread; the count of rounds still out is guarded by this
 * object's monitor, never held while calling out.
 */
final class TransactionCoordination {
  private final Transactions service;
  private final TransactionRequest request;
  private final int timeoutMillis;
  private final Consumer<Response> respond;
  private final List<IntentUpdates.Prepare> prepares = new ArrayList<>();
  private final Response[] prepareAnswers;
  private long deadlineNanos;
  private long prepareDeadlineNanos;
  private final int[] waits;
  private int waiting;

  TransactionCoordination(
      Transactions service,
      TransactionRequest request,
      int timeoutMillis,
      Consumer<Response> respond) {
    this.service = service;
    this.request = request;
    this.timeoutMillis = timeoutMillis;
    this.respond = respond;
    this.prepareAnswers = new Response[request.keys().size()];
    this.waits = new int[request.keys().size()];
  }

  void start() {
    long startedMillis = service.clock().wallMillis();
    long priorityMillis = request.priorityMillis() != 0 ? request.priorityMillis() : startedMillis;
    long nowNanos = service.clock().monotonicNanos();
    deadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    // the prepares get three quarters of the time; the record and the resolving, the rest
    prepareDeadlineNanos = nowNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) * 3 / 4;
    for (TransactionRequest.Key key : request.keys()) {
      prepares.add(
          new IntentUpdates.Prepare(
              key.intent(request.id(), startedMillis, priorityMillis),
              key.readClock(),
              service.rule()));
    }
    waiting = prepares.size();
    for (int i = 0; i < prepares.size(); i++) {
      prepare(i);
    }
  }

  private void prepare(int index) {
    service
        .registers()
        .update(
            request.keys().get(index).key(),
            0,
            prepares.get(index),
            millisUntil(prepareDeadlineNanos),
            answer -> prepared(index, answer));
  }

  private void prepared(int index, Response answer) {
    IntentUpdates.Prepare prepare = prepares.get(index);
    if (answer instanceof ConditionalResponse
        && prepare.outcome() == Prepared.BLOCKED
        && prepare.intent().olderThan(prepare.blocker())
        && mayWaitLonger(prepare.intent())) {
      waitFor(index, prepare.blocker());
      return;
    }
    synchronized (this) {
      prepareAnswers[index] = answer;
      if (--waiting > 0) {
        return;
      }
    }
    String conflict = conflict();
    writeRecord(conflict == null ? State.COMMITTED : State.ABORTED, conflict);
  }

  /**
   * Wait-die: this transaction is older than the one whose intent holds key {@code index}, so it
   * waits for it (resolving it if it is over, or old) and prepares the key again after a short
   * pause. A younger transaction gives up instead, so no two wait for each other.
   */
  private void waitFor(int index, Intent blocker) {
    int waited = waits[index]++;
    Runnable again = () -> service.afterPause(waited, () -> prepare(index));
    if (waited % MEET_EVERY_WAITS == MEET_EVERY_WAITS - 1) {
      service.meet(request.keys().get(index).key(), blocker, again);
    } else {
      again.run();
    }
  }

  /**
   * Waits resolve the blocker every this many times (it may be committed, its coordinator gone); in
   * between they only prepare again, not to contend with the blocker's own rounds on its record.
   */
  private static final int MEET_EVERY_WAITS = 4;

  /**
   * Whether waiting leaves time to prepare, and stays well within the resolve timeout of this
   * transaction's own intents (after it, whoever meets them may abort the transaction).
   */
  private boolean mayWaitLonger(Intent own) {
    long ageMillis = service.clock().wallMillis() - own.startedMillis();
    return millisUntil(prepareDeadlineNanos) > Transactions.WAIT_PAUSE_MILLIS_MAX
        && ageMillis < service.resolveTimeoutMillis() / 2;
  }

  /** Why the transaction cannot commit, or null if every key holds its intent. */
  private String conflict() {
    for (int i = 0; i < prepares.size(); i++) {
      Response answer = prepareAnswers[i];
      String key = printable(request.keys().get(i).key());
      if (!(answer instanceof ConditionalResponse)) {
        return "the prepare of key " + key + " did not finish: " + describe(answer);
      }
      IntentUpdates.Prepare prepare = prepares.get(i);
      switch (prepare.outcome()) {
        case HELD -> {}
        case BLOCKED -> {
          return "key " + key + " is held by transaction " + prepare.blocker().transaction();
        }
        case CHANGED -> {
          return "key " + key + " changed since the transaction read it";
        }
        case UNKNOWN -> {
          return "the prepare of key " + key + " decided nothing";
        }
      }
    }
    return null;
  }

  /**
   * Writes the record as {@code wanted} if no one wrote it yet, and ends as it says: an abort is
   * answered as a conflict only once the record says so, since a copy of this commit (the network's
   * duplicate, a client's retry) may have committed the transaction meanwhile, and its writes would
   * have made this copy's prepares fail.
   */
  private void writeRecord(State wanted, String conflict) {
    TransactionRecord.Update record = new TransactionRecord.Update(wanted);
    service
        .registers()
        .update(
            request.id().recordKey(),
            0,
            record,
            remainingMillis(),
            answer -> {
              if (!(answer instanceof ConditionalResponse)) {
                respond.accept(
                    ErrorResponse.of(
                        ErrorCode.TIMEOUT,
                        "the transaction's outcome is unknown: the round on its record did not"
                            + " finish ("
                            + describe(answer)
                            + "); whoever meets its keys resolves it within the resolve timeout"));
              } else if (record.state() == State.COMMITTED) {
                end(true, TransactionResponse.committed());
              } else {
                end(
                    false,
                    TransactionResponse.conflict(
                        conflict != null
                            ? conflict
                            : "the transaction took longer than the resolve timeout and was"
                                + " aborted by another that met one of its keys"));
              }
            });
  }

  /**
   * Applies (committed) or drops this transaction's intents, resolves the other transactions'
   * intents its prepares met, then answers {@code answer}.
   */
  private void end(boolean committed, Response answer) {
    List<Runnable> steps = new ArrayList<>();
    int[] left = {0};
    Runnable oneDone =
        () -> {
          boolean last;
          synchronized (left) {
            last = --left[0] == 0;
          }
          if (last) {
            respond.accept(answer);
          }
        };
    for (int i = 0; i < prepares.size(); i++) {
      IntentUpdates.Prepare prepare = prepares.get(i);
      byte[] key = request.keys().get(i).key();
      if (prepare.outcome() == Prepared.BLOCKED) {
        steps.add(() -> service.meet(key, prepare.blocker(), oneDone));
      } else if (committed || prepare.outcome() != Prepared.CHANGED) {
        steps.add(
            () ->
                service.resolve(
                    key, request.id(), committed, resolveMillis(), resolved -> oneDone.run()));
      }
    }
    if (steps.isEmpty()) {
      respond.accept(answer);
      return;
    }
    left[0] = steps.size();
    steps.forEach(Runnable::run);
  }

  private int remainingMillis() {
    return millisUntil(deadlineNanos);
  }

  private int millisUntil(long instantNanos) {
    long left = instantNanos - service.clock().monotonicNanos();
    return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
  }

  /** Resolving gets what is left of the timeout, and at least a quarter of it. */
  private int resolveMillis() {
    return Math.max(remainingMillis(), Math.max(1, timeoutMillis / 4));
  }

  private static String describe(Response answer) {
    return answer instanceof ErrorResponse error
        ? error.code() + ": " + error.message()
        : String.valueOf(answer);
  }

  /** A key as text if it is printable ASCII, else in hex. */
  static String printable(byte[] key) {
    for (byte b : key) {
      if (b < 0x20 || b > 0x7e) {
        return "0x" + HexFormat.of().formatHex(key);
      }
    }
    return "'" + new String(key, StandardCharsets.US_ASCII) + "'";
  }
}
