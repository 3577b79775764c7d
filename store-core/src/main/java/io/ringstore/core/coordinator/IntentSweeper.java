package io.ringstore.core.coordinator;

import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.Intent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Resolves the transactions' intents this node's acceptor holds once they are older than the
 * resolve timeout, as whoever meets them would ({@link Transactions#meet}): so an intent whose
 * coordinator stopped is gone within the resolve timeout and about one sweep, even if no client
 * touches its key. The acceptor's index of intents is rebuilt from its store at startup, so a node
 * that restarts finds its intents again.
 *
 * <p>Only the keys this node replicates (on the current or a pending ring) are swept: an acceptor
 * keeps the state of keys it no longer replicates (after a ring change) without taking part in
 * their rounds any more, so a round could not change it.
 *
 * <p>A sweep takes at most {@link #INTENTS_PER_SWEEP} intents, resolved one after another; the next
 * sweep starts an interval after the last one ended. An intent another replica's sweep or a client
 * resolved meanwhile costs one round that finds nothing (and brings this replica's state up to
 * date).
 */
public final class IntentSweeper {
  /** The most intents one sweep resolves. */
  static final int INTENTS_PER_SWEEP = 64;

  private final Supplier<Map<ByteBuffer, Intent>> intents;
  private final Predicate<byte[]> replicates;
  private final Transactions transactions;
  private final Scheduler scheduler;
  private final Clock clock;
  private final int resolveTimeoutMillis;
  private volatile boolean closed;

  IntentSweeper(
      Supplier<Map<ByteBuffer, Intent>> intents,
      Predicate<byte[]> replicates,
      Transactions transactions,
      Scheduler scheduler,
      Clock clock,
      int resolveTimeoutMillis) {
    this.intents = intents;
    this.replicates = replicates;
    this.transactions = transactions;
    this.scheduler = scheduler;
    this.clock = clock;
    this.resolveTimeoutMillis = resolveTimeoutMillis;
  }

  /** Schedules the first sweep, half a resolve timeout from now; each schedules the next. */
  public void start() {
    scheduleNext();
  }

  /** Stops sweeping: no sweep starts after this (one under way ends on its own). */
  public void close() {
    closed = true;
  }

  private void scheduleNext() {
    if (closed) {
      return;
    }
    scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(resolveTimeoutMillis / 2), this::sweep);
  }

  private void sweep() {
    if (transactions.rule() == ConditionalSettings.TransactionRule.INTENTS_NOT_SWEPT) {
      scheduleNext();
      return;
    }
    List<Map.Entry<ByteBuffer, Intent>> old;
    try {
      old = oldIntents();
    } catch (RuntimeException failure) {
      scheduleNext(); // a ring in flux, say: the next sweep tries again
      return;
    }
    resolve(old.iterator());
  }

  private List<Map.Entry<ByteBuffer, Intent>> oldIntents() {
    long nowMillis = clock.wallMillis();
    List<Map.Entry<ByteBuffer, Intent>> old = new ArrayList<>();
    for (Map.Entry<ByteBuffer, Intent> entry : intents.get().entrySet()) {
      if (nowMillis - entry.getValue().startedMillis() >= resolveTimeoutMillis
          && replicates.test(bytesOf(entry.getKey()))) {
        old.add(Map.entry(entry.getKey(), entry.getValue()));
        if (old.size() == INTENTS_PER_SWEEP) {
          break;
        }
      }
    }
    return old;
  }

  private void resolve(Iterator<Map.Entry<ByteBuffer, Intent>> left) {
    if (!left.hasNext()) {
      scheduleNext();
      return;
    }
    Map.Entry<ByteBuffer, Intent> next = left.next();
    try {
      transactions.meet(bytesOf(next.getKey()), next.getValue(), () -> resolve(left));
    } catch (RuntimeException failure) {
      resolve(left); // this one waits for the next sweep; the chain goes on
    }
  }

  private static byte[] bytesOf(ByteBuffer key) {
    byte[] bytes = new byte[key.remaining()];
    key.duplicate().get(bytes);
    return bytes;
  }
}
