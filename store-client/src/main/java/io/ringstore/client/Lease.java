package io.ringstore.client;

import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.LockResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A grant of a lock: its fencing token, and a lease this client renews in the background every
 * third of the lease while the lease is open.
 *
 * <p><b>Validity.</b> {@link #isValid} counts on this client's monotonic clock from the moment the
 * request that granted (or last renewed) the lease was sent, and stops {@link #SAFETY_PERCENT}
 * percent of the lease early: the node that would take the lock over counts a whole lease from a
 * later moment (when it first saw the record), on its own clock, and the margin covers clocks that
 * run at different rates. A process paused past its lease cannot know it was: guard writes with
 * {@link #fence()} ({@link RingstoreClient#putFenced}), which the store refuses once a later holder
 * wrote the key.
 */
public final class Lease implements AutoCloseable {
  /** The share of the lease kept as a margin: the lease is trusted for the rest. */
  public static final int SAFETY_PERCENT = 20;

  private final RingstoreClient client;
  private final String name;
  private final long token;
  private final int leaseMillis;
  private final ScheduledFuture<?> renewal;
  private volatile long validUntilNanos;
  private volatile boolean ended;

  Lease(RingstoreClient client, String name, long token, int leaseMillis, long sentNanos) {
    this.client = client;
    this.name = name;
    this.token = token;
    this.leaseMillis = leaseMillis;
    this.validUntilNanos = sentNanos + trustedNanos();
    long periodMillis = Math.max(1, leaseMillis / 3);
    this.renewal =
        client
            .scheduler()
            .scheduleWithFixedDelay(
                this::renewQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** The lock's name. */
  public String name() {
    return name;
  }

  /** This grant's fencing token: higher than every earlier grant's of the lock. */
  public long fencingToken() {
    return token;
  }

  /** What guards a write with this grant ({@link RingstoreClient#putFenced}). */
  public Fence fence() {
    return new Fence(name, token);
  }

  /** Whether the lease still holds by this client's clock (see the class comment). */
  public boolean isValid() {
    return !ended && client.clock().monotonicNanos() < validUntilNanos;
  }

  /** How long the lease is trusted from now; zero once it is not. */
  public Duration remaining() {
    long left = validUntilNanos - client.clock().monotonicNanos();
    return ended || left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  /**
   * Renews the lease now (the background renewal does this every third of the lease).
   *
   * @throws LockLostException if the grant no longer holds the lock
   */
  public void renew() {
    long sentNanos = client.clock().monotonicNanos();
    renewed(client.lockCall(name, this::renewal, client.defaultTimeout()), sentNanos);
    if (ended) {
      throw new LockLostException(
          "lock " + name + " is no longer held by the grant with fencing token " + token);
    }
  }

  private void renewQuietly() {
    if (ended) {
      return;
    }
    long sentNanos = client.clock().monotonicNanos();
    client
        .lockCallAsync(name, this::renewal, client.defaultTimeout())
        .whenComplete(
            (answer, failure) -> {
              if (answer != null) {
                renewed(answer, sentNanos);
              }
              // A failed renewal is tried again at the next period; the lease runs out meanwhile.
            });
  }

  private LockRequest renewal(int timeoutMillis) {
    return LockRequest.renew(name, token, leaseMillis, timeoutMillis);
  }

  private synchronized void renewed(LockResponse answer, long sentNanos) {
    if (answer.outcome() == LockResponse.Outcome.RENEWED) {
      validUntilNanos = Math.max(validUntilNanos, sentNanos + trustedNanos());
    } else {
      end();
    }
  }

  private long trustedNanos() {
    return TimeUnit.MILLISECONDS.toNanos(leaseMillis) * (100 - SAFETY_PERCENT) / 100;
  }

  private void end() {
    ended = true;
    renewal.cancel(false);
  }

  /**
   * Releases the lock if this grant still holds it, so the next waiter is granted at once; stops
   * the renewal either way. Safe to call twice.
   */
  public void release() {
    if (ended) {
      return;
    }
    end();
    client.lockCall(
        name,
        timeoutMillis -> LockRequest.release(name, token, timeoutMillis),
        client.defaultTimeout());
  }

  /** {@link #release()}. */
  @Override
  public void close() {
    release();
  }

  @Override
  public String toString() {
    return "lease of " + name + " with fencing token " + token + (isValid() ? "" : " (expired)");
  }
}
