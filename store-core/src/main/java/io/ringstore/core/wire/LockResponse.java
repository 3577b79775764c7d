package io.ringstore.core.wire;

import java.util.Objects;

/**
 * The answer to a {@link LockRequest}: what happened, and the lock's record as it stands after it
 * (linearizably read or written).
 *
 * @param outcome what happened
 * @param held whether the lock is held
 * @param owner the holder's acquisition identity; 0 if free
 * @param token the fencing token of the last grant (the holder's if held); 0 if never granted
 * @param leaseMillis the holder's lease; 0 if free
 */
public record LockResponse(Outcome outcome, boolean held, long owner, long token, int leaseMillis)
    implements Response {
  /** What a lock request did. */
  public enum Outcome {
    /** ACQUIRE: the lock is the requester's, with {@code token}. */
    GRANTED,
    /** ACQUIRE: the wait ran out while another held the lock (described by the other fields). */
    BUSY,
    /** RENEW: the grant's lease starts again. */
    RENEWED,
    /** RELEASE: the lock is free (or already was, after this grant). */
    RELEASED,
    /** RENEW or RELEASE: the grant no longer holds the lock (its lease ran out, or released). */
    NOT_HELD,
    /** STATUS: the record as read. */
    STATUS
  }

  public LockResponse {
    Objects.requireNonNull(outcome, "outcome");
    if (token < 0 || leaseMillis < 0) {
      throw new IllegalArgumentException("token " + token + ", lease " + leaseMillis + " ms");
    }
  }
}
