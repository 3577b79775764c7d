package io.ringstore.core.wire;

import io.ringstore.core.version.VectorClock;
import java.util.Objects;

/**
 * A linearizable operation on one key, decided by a Paxos round among the key's replicas: a
 * conditional write (put-if-absent, put-if-version, delete-if-version, compare-and-set on the
 * value) or a linearizable read ({@link Condition#SERIAL_READ}). The answer is a {@link
 * ConditionalResponse}: whether the write applied, and the key's current version.
 *
 * @param key the key, at most {@link WireLimits#KEY_BYTES_MAX} bytes
 * @param condition when the write applies
 * @param expectedClock for {@link Condition#IF_VERSION}: the clock the current version must have
 *     (the context a read returned); {@link VectorClock#empty()} otherwise
 * @param expectedValue for {@link Condition#IF_VALUE}: the value the key must hold; null otherwise
 * @param newValue what the write stores; null deletes (a tombstone), and is ignored by a read
 * @param fenceOrNull for {@link Condition#IF_FENCE}: the lock and fencing token that guard the
 *     write; null otherwise
 * @param writeId the write's identity, chosen by the client at random and kept by its retries, so
 *     that a retry of a write that already applied is answered as applied; 0 for none
 * @param timeoutMillis how long the coordinator tries, 0 for the node's default
 */
public record ConditionalRequest(
    byte[] key,
    Condition condition,
    VectorClock expectedClock,
    byte[] expectedValue,
    byte[] newValue,
    Fence fenceOrNull,
    long writeId,
    int timeoutMillis)
    implements ClientRequest {
  /** When a conditional write applies. */
  public enum Condition {
    /** Never writes: reads the key linearizably, finishing any write in progress first. */
    SERIAL_READ,
    /** Writes if the key has no value (never written, or deleted). */
    IF_ABSENT,
    /** Writes if the key's current version has exactly {@code expectedClock}. */
    IF_VERSION,
    /** Writes if the key's current value is {@code expectedValue} byte for byte. */
    IF_VALUE,
    /**
     * Writes if no write to the key guarded by the same lock carried a higher fencing token than
     * {@code fenceOrNull}'s, and remembers this one's: a fenced write.
     */
    IF_FENCE
  }

  /** Checks the arguments against {@link WireLimits} and the condition's needs. */
  public ConditionalRequest {
    MessageChecks.key(key);
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(expectedClock, "expectedClock");
    if (condition == Condition.IF_VALUE) {
      MessageChecks.value(Objects.requireNonNull(expectedValue, "expectedValue of IF_VALUE"));
    } else if (expectedValue != null) {
      throw new IllegalArgumentException("only IF_VALUE carries an expected value");
    }
    if (condition != Condition.IF_VERSION && expectedClock.size() != 0) {
      throw new IllegalArgumentException("only IF_VERSION carries an expected clock");
    }
    if (newValue != null) {
      MessageChecks.value(newValue);
    }
    if ((condition == Condition.IF_FENCE) != (fenceOrNull != null)) {
      throw new IllegalArgumentException("IF_FENCE, and only IF_FENCE, carries a fence");
    }
    MessageChecks.timeout(timeoutMillis);
  }

  /** A linearizable read of {@code key}. */
  public static ConditionalRequest serialRead(byte[] key, int timeoutMillis) {
    return new ConditionalRequest(
        key, Condition.SERIAL_READ, VectorClock.empty(), null, null, null, 0, timeoutMillis);
  }

  /** Stores {@code value} if {@code key} has none. */
  public static ConditionalRequest putIfAbsent(
      byte[] key, byte[] value, long writeId, int timeoutMillis) {
    return new ConditionalRequest(
        key, Condition.IF_ABSENT, VectorClock.empty(), null, value, null, writeId, timeoutMillis);
  }

  /** Stores {@code valueOrNull} (null: deletes) if the current version's clock is {@code clock}. */
  public static ConditionalRequest ifVersion(
      byte[] key, VectorClock clock, byte[] valueOrNull, long writeId, int timeoutMillis) {
    return new ConditionalRequest(
        key, Condition.IF_VERSION, clock, null, valueOrNull, null, writeId, timeoutMillis);
  }

  /** Stores {@code value} if the current value is {@code expected}. */
  public static ConditionalRequest compareAndSet(
      byte[] key, byte[] expected, byte[] value, long writeId, int timeoutMillis) {
    return new ConditionalRequest(
        key,
        Condition.IF_VALUE,
        VectorClock.empty(),
        expected,
        value,
        null,
        writeId,
        timeoutMillis);
  }

  /**
   * Stores {@code valueOrNull} (null: deletes) unless a write to the key guarded by {@code fence}'s
   * lock carried a higher token.
   */
  public static ConditionalRequest fenced(
      byte[] key, byte[] valueOrNull, Fence fence, long writeId, int timeoutMillis) {
    return new ConditionalRequest(
        key,
        Condition.IF_FENCE,
        VectorClock.empty(),
        null,
        valueOrNull,
        Objects.requireNonNull(fence, "fence"),
        writeId,
        timeoutMillis);
  }

  /** Whether this request writes when its condition holds. */
  public boolean writes() {
    return condition != Condition.SERIAL_READ;
  }
}
