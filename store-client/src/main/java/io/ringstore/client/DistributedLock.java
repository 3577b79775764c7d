package io.ringstore.client;

import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.LockResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A named lock of the store: leases with fencing tokens, granted by the node that holds the lock's
 * record (see the README's "Locks"). Get one from {@link RingstoreClient#lock}; it is a handle, and
 * cheap: any number of threads and clients may hold handles to one name, and each acquisition is
 * its own grant.
 *
 * <pre>{@code
 * try (Lease lease = client.lock("compactor").acquire(Duration.ofSeconds(10), Duration.ofSeconds(30))) {
 *   client.putFenced(key, value, lease.fence()); // refused if a later holder wrote the key
 * }
 * }</pre>
 */
public final class DistributedLock {
  private final RingstoreClient client;
  private final String name;

  DistributedLock(RingstoreClient client, String name) {
    Fence.checkLockName(name);
    this.client = client;
    this.name = name;
  }

  /** The lock's name. */
  public String name() {
    return name;
  }

  /**
   * Acquires the lock for {@code lease}, waiting up to {@code wait} while another holds it (until
   * it is released, or its holder's lease runs out). The lease is renewed in the background while
   * the returned {@link Lease} is open.
   *
   * @throws LockNotGrantedException if another grant still held the lock when the wait ran out
   */
  public Lease acquire(Duration lease, Duration wait) {
    Attempt attempt = attempt(lease, wait);
    if (attempt.leaseOrNull() == null) {
      throw new LockNotGrantedException(name, statusOf(attempt.answer()));
    }
    return attempt.leaseOrNull();
  }

  /**
   * Acquires the lock as {@link #acquire} does, or returns empty if the wait ran out first (zero
   * tries once).
   */
  public Optional<Lease> tryAcquire(Duration lease, Duration wait) {
    return Optional.ofNullable(attempt(lease, wait).leaseOrNull());
  }

  /** The node's answer to an acquisition, and the lease if it granted one. */
  private record Attempt(LockResponse answer, Lease leaseOrNull) {}

  private Attempt attempt(Duration lease, Duration wait) {
    int leaseMillis = leaseMillis(lease);
    int waitMillis = millisWithin("wait", wait, 0, LockRequest.WAIT_MILLIS_MAX);
    long owner = client.nextWriteId();
    long sentNanos = client.clock().monotonicNanos();
    long waitDeadlineNanos = sentNanos + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    LockResponse answer =
        client.lockCall(
            name,
            timeoutMillis -> {
              long waitLeft =
                  Math.max(
                      0,
                      TimeUnit.NANOSECONDS.toMillis(
                          waitDeadlineNanos - client.clock().monotonicNanos()));
              long defaultMillis = client.defaultTimeout().toMillis();
              int step = (int) Math.max(1, Math.min(defaultMillis, timeoutMillis - waitLeft));
              return LockRequest.acquire(name, owner, leaseMillis, (int) waitLeft, step);
            },
            Duration.ofMillis(waitMillis).plus(client.defaultTimeout()));
    if (answer.outcome() != LockResponse.Outcome.GRANTED) {
      return new Attempt(answer, null);
    }
    Lease granted = new Lease(client, name, answer.token(), leaseMillis, sentNanos);
    long tookNanos = client.clock().monotonicNanos() - sentNanos;
    if (tookNanos > TimeUnit.MILLISECONDS.toNanos(leaseMillis) * Lease.SAFETY_PERCENT / 100) {
      // The lease counts from the request's start, before the wait: renewed now, it is trusted
      // for most of a lease from here on.
      try {
        granted.renew();
      } catch (RuntimeException lostOrFailed) {
        granted.release(); // best effort: not left renewed for nobody
        throw lostOrFailed;
      }
    }
    return new Attempt(answer, granted);
  }

  /**
   * Releases the grant with {@code fencingToken} if it still holds the lock (a {@link Lease} does
   * this on close; this is for a grant whose lease object is gone, as after {@code ringstore lock
   * acquire}).
   *
   * @return whether the grant held the lock (or an earlier attempt had released it)
   */
  public boolean release(long fencingToken) {
    LockResponse answer =
        client.lockCall(
            name,
            timeoutMillis -> LockRequest.release(name, fencingToken, timeoutMillis),
            client.defaultTimeout());
    return answer.outcome() == LockResponse.Outcome.RELEASED;
  }

  /** The lock's record, read linearizably. */
  public LockStatus status() {
    LockResponse answer =
        client.lockCall(
            name,
            timeoutMillis -> LockRequest.status(name, timeoutMillis),
            client.defaultTimeout());
    return statusOf(answer);
  }

  private static LockStatus statusOf(LockResponse answer) {
    return new LockStatus(
        answer.held(), answer.owner(), answer.token(), Duration.ofMillis(answer.leaseMillis()));
  }

  private static int leaseMillis(Duration lease) {
    return millisWithin("lease", lease, LockRequest.LEASE_MILLIS_MIN, LockRequest.LEASE_MILLIS_MAX);
  }

  private static int millisWithin(String what, Duration duration, int min, int max) {
    Objects.requireNonNull(duration, what);
    long millis = duration.toMillis();
    if (duration.isNegative() || millis < min || millis > max) {
      throw new IllegalArgumentException(
          what + " of " + duration + " must be " + min + " to " + max + " ms");
    }
    return (int) millis;
  }
}
