package io.ringstore.core.coordinator;

import io.ringstore.core.coordinator.ConditionalSettings.TransactionRule;
import io.ringstore.core.coordinator.TransactionRecord.State;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionId;
import io.ringstore.core.wire.TransactionRequest;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Multi-key transactions by two-phase commit whose commit point is a replicated record, so that no
 * transaction blocks on a dead coordinator (Percolator's primary-record rule, Peng and Dabek 2010).
 *
 * <p>A client runs its transaction against plain reads, buffering its writes, then asks a node to
 * commit it ({@link TransactionCoordination}): the node places an intent on every key the
 * transaction read or writes (a Paxos round per key that also checks the version read is still the
 * key's), writes the transaction's record as committed (a Paxos round on the record's key, if no
 * resolver aborted it first), then applies the writes and drops the intents (a round per key).
 *
 * <p><b>Resolving.</b> Whoever meets another transaction's intent ({@link #meet}) reads that
 * transaction's record: committed, it applies the intent's write; aborted, it drops the intent;
 * pending, it leaves a young intent alone and aborts an old one (started at least the resolve
 * timeout ago on the resolver's wall clock) by writing the record as aborted first. Whichever of
 * the coordinator's commit and a resolver's abort reaches the record first decides; clocks only
 * decide when a resolver tries, never what is decided.
 *
 * <p><b>Wait-die.</b> A transaction that finds a key held by a younger transaction (by the age its
 * client gave it, kept across retries) waits for it and tries again; one that finds an older one's
 * gives up and is retried by its client. Waits only go from older to younger, so none are circular;
 * a wait is bounded by three quarters of the transaction's timeout and half the resolve timeout
 * (its own intents may be aborted by whoever meets them after the resolve timeout).
 *
 * <p><b>Why it is serializable.</b> At the moment its record commits, a transaction holds an intent
 * on every key it read or writes, each placed after checking that the key still had the version the
 * transaction read; while an intent stands no other transaction prepares the key and no conditional
 * write changes it. So every read is still current at the commit point, which orders the
 * transaction; its writes become visible after it, before anyone else can hold their keys.
 */
public final class Transactions {
  /** How long after its start a transaction's intent may be aborted by whoever meets it. */
  public static final int RESOLVE_TIMEOUT_MILLIS_DEFAULT = 2_000;

  /** The longest pause before an older transaction prepares a held key again. */
  static final int WAIT_PAUSE_MILLIS_MAX = 16;

  private final Registers registers;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Supplier<ConditionalSettings> settings;
  private final int defaultTimeoutMillis;
  private final int resolveTimeoutMillis;

  Transactions(
      Registers registers,
      Clock clock,
      Scheduler scheduler,
      Supplier<ConditionalSettings> settings,
      int defaultTimeoutMillis,
      int resolveTimeoutMillis) {
    this.registers = registers;
    this.clock = clock;
    this.scheduler = scheduler;
    this.settings = settings;
    this.defaultTimeoutMillis = defaultTimeoutMillis;
    this.resolveTimeoutMillis = resolveTimeoutMillis;
  }

  /** Commits {@code request}: a {@code TransactionResponse} or an error, exactly once. */
  void commit(TransactionRequest request, Consumer<Response> respond) {
    int timeout = request.timeoutMillis() == 0 ? defaultTimeoutMillis : request.timeoutMillis();
    new TransactionCoordination(this, request, timeout, respond).start();
  }

  /**
   * Resolves {@code intent}, met on {@code key}, from its transaction's record (see the class
   * comment); {@code done} runs once the attempt ended, whatever it found.
   */
  void meet(byte[] key, Intent intent, Runnable done) {
    meet(key, intent, state -> done.run());
  }

  /**
   * As {@link #meet(byte[], Intent, Runnable)}; {@code done} hears what the record said once the
   * intent was resolved (applied or dropped), or {@link State#PENDING} if it was left alone or the
   * record could not be read.
   */
  void meet(byte[] key, Intent intent, Consumer<State> done) {
    boolean old = clock.wallMillis() - intent.startedMillis() >= resolveTimeoutMillis;
    TransactionRecord.Update record =
        new TransactionRecord.Update(old ? State.ABORTED : State.PENDING);
    TransactionId transaction = intent.transaction();
    registers.update(
        transaction.recordKey(),
        0,
        record,
        defaultTimeoutMillis,
        response -> {
          if (!(response instanceof ConditionalResponse) || record.state() == State.PENDING) {
            done.accept(State.PENDING);
            return;
          }
          boolean committed =
              record.state() == State.COMMITTED
                  && rule() != TransactionRule.RESOLVER_ABORTS_COMMITTED;
          resolve(
              key,
              transaction,
              committed,
              defaultTimeoutMillis,
              resolved -> done.accept(record.state()));
        });
  }

  /** Applies (committed) or drops {@code transaction}'s intent on {@code key}. */
  void resolve(
      byte[] key,
      TransactionId transaction,
      boolean committed,
      int timeoutMillis,
      Consumer<Response> respond) {
    registers.update(key, 0, IntentUpdates.resolve(transaction, committed), timeoutMillis, respond);
  }

  /**
   * Runs {@code task} after a random pause of 1 ms up to twice the last, {@code waited} pauses
   * before, at most {@link #WAIT_PAUSE_MILLIS_MAX} ms.
   */
  void afterPause(int waited, Runnable task) {
    int capMillis = Math.min(WAIT_PAUSE_MILLIS_MAX, 1 << Math.min(waited + 1, 4));
    int millis = 1 + settings.get().random().nextInt(capMillis);
    scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(millis), task);
  }

  int resolveTimeoutMillis() {
    return resolveTimeoutMillis;
  }

  Registers registers() {
    return registers;
  }

  Clock clock() {
    return clock;
  }

  TransactionRule rule() {
    return settings.get().transactions();
  }
}
