package io.ringstore.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An operation on a named lock, which the node carries out by conditional writes on the lock's
 * record (see {@code io.ringstore.core.coordinator.LockService}); the answer is a {@link
 * LockResponse}.
 *
 * @param op what to do
 * @param name the lock's name, 1 to {@link Fence#LOCK_NAME_BYTES_MAX} bytes of UTF-8
 * @param owner for {@link Op#ACQUIRE}: the acquisition's identity, chosen by the client at random
 *     and kept by its retries (a retry that finds the lock held by it is granted); 0 otherwise
 * @param token for {@link Op#RENEW} and {@link Op#RELEASE}: the fencing token of the grant; 0
 *     otherwise
 * @param leaseMillis for {@link Op#ACQUIRE} and {@link Op#RENEW}: how long the grant lasts without
 *     renewal, {@link #LEASE_MILLIS_MIN} to {@link #LEASE_MILLIS_MAX}; 0 otherwise
 * @param waitMillis for {@link Op#ACQUIRE}: how long to wait for a held lock, 0 to try once
 * @param timeoutMillis how long each conditional write may take, 0 for the node's default
 */
public record LockRequest(
    Op op, String name, long owner, long token, int leaseMillis, int waitMillis, int timeoutMillis)
    implements ClientRequest {
  /** Shortest lease. */
  public static final int LEASE_MILLIS_MIN = 100;

  /** Longest lease: an hour. */
  public static final int LEASE_MILLIS_MAX = 60 * 60 * 1000;

  /**
   * Longest wait for a held lock: half the longest timeout, so a wait leaves time for its steps.
   */
  public static final int WAIT_MILLIS_MAX = WireLimits.TIMEOUT_MILLIS_MAX / 2;

  /** What a lock request does. */
  public enum Op {
    /** Takes the lock when free, or once its holder's lease ran out, waiting up to the wait. */
    ACQUIRE,
    /** Extends the grant with {@code token} by a lease, if it still holds the lock. */
    RENEW,
    /** Frees the lock if the grant with {@code token} still holds it; the token is kept. */
    RELEASE,
    /** Reads the lock's record linearizably. */
    STATUS
  }

  /** Checks every field against what {@code op} needs. */
  public LockRequest {
    Objects.requireNonNull(op, "op");
    Fence.checkLockName(name);
    boolean leased = op == Op.ACQUIRE || op == Op.RENEW;
    if (leased && (leaseMillis < LEASE_MILLIS_MIN || leaseMillis > LEASE_MILLIS_MAX)) {
      throw new IllegalArgumentException(
          "lease of "
              + leaseMillis
              + " ms must be "
              + LEASE_MILLIS_MIN
              + " to "
              + LEASE_MILLIS_MAX
              + " ms");
    }
    if (!leased && leaseMillis != 0) {
      throw new IllegalArgumentException(op + " carries no lease");
    }
    if ((op == Op.ACQUIRE) != (owner != 0)) {
      throw new IllegalArgumentException("ACQUIRE, and only ACQUIRE, carries a non-zero owner");
    }
    boolean tokened = op == Op.RENEW || op == Op.RELEASE;
    if (tokened ? token < 1 : token != 0) {
      throw new IllegalArgumentException(
          tokened ? op + " needs the grant's token (at least 1)" : op + " carries no token");
    }
    if (waitMillis < 0 || waitMillis > WAIT_MILLIS_MAX || (op != Op.ACQUIRE && waitMillis != 0)) {
      throw new IllegalArgumentException(
          "wait of " + waitMillis + " ms: only ACQUIRE waits, 0 to " + WAIT_MILLIS_MAX + " ms");
    }
    MessageChecks.timeout(timeoutMillis);
  }

  /** The first bytes of every lock record's key: keys that clients may not write. */
  private static final byte[] RECORD_KEY_PREFIX = {0, 'l', 'o', 'c', 'k', ':'};

  /**
   * The key of lock {@code name}'s record (clients route a lock's requests to its replicas): {@code
   * 0x00 'lock:'} and the name in UTF-8.
   */
  public static byte[] recordKey(String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] key = Arrays.copyOf(RECORD_KEY_PREFIX, RECORD_KEY_PREFIX.length + nameBytes.length);
    System.arraycopy(nameBytes, 0, key, RECORD_KEY_PREFIX.length, nameBytes.length);
    return key;
  }

  /** Whether {@code key} is a lock record's. */
  public static boolean isRecordKey(byte[] key) {
    return key.length >= RECORD_KEY_PREFIX.length
        && Arrays.equals(
            key, 0, RECORD_KEY_PREFIX.length, RECORD_KEY_PREFIX, 0, RECORD_KEY_PREFIX.length);
  }

  /** Acquires {@code name} for {@code owner}, waiting up to {@code waitMillis}. */
  public static LockRequest acquire(
      String name, long owner, int leaseMillis, int waitMillis, int timeoutMillis) {
    return new LockRequest(Op.ACQUIRE, name, owner, 0, leaseMillis, waitMillis, timeoutMillis);
  }

  /** Renews the grant of {@code name} with {@code token} for {@code leaseMillis}. */
  public static LockRequest renew(String name, long token, int leaseMillis, int timeoutMillis) {
    return new LockRequest(Op.RENEW, name, 0, token, leaseMillis, 0, timeoutMillis);
  }

  /** Releases the grant of {@code name} with {@code token}. */
  public static LockRequest release(String name, long token, int timeoutMillis) {
    return new LockRequest(Op.RELEASE, name, 0, token, 0, 0, timeoutMillis);
  }

  /** Reads {@code name}'s record. */
  public static LockRequest status(String name, int timeoutMillis) {
    return new LockRequest(Op.STATUS, name, 0, 0, 0, 0, timeoutMillis);
  }
}
