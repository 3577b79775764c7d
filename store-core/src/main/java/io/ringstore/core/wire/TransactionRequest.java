package io.ringstore.core.wire;

import io.ringstore.core.version.VectorClock;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Commits a transaction the client ran: the versions it read and the writes it made, atomically and
 * only if none of the keys it read changed since (see {@code
 * io.ringstore.core.coordinator.TransactionCoordination}). The answer is a {@link
 * TransactionResponse}, or {@link ErrorCode#TIMEOUT} when the outcome is unknown.
 *
 * @param id the transaction's identity, kept by retries of this commit
 * @param keys every key it read or writes, each once, 1 to {@link #KEYS_MAX}, with at most {@link
 *     #BYTES_MAX} bytes of keys and values in all
 * @param priorityMillis the transaction's age for wait-die ({@link Intent#priorityMillis}): when
 *     the client first tried it, on its wall clock; 0 for the node's start of this commit
 * @param timeoutMillis how long the node tries, 0 for its default
 */
public record TransactionRequest(
    TransactionId id, List<Key> keys, long priorityMillis, int timeoutMillis)
    implements ClientRequest {
  /** The most keys one transaction may read and write. */
  public static final int KEYS_MAX = 256;

  /** The most bytes of keys and values one transaction may carry. */
  public static final int BYTES_MAX = 4 * 1024 * 1024;

  /**
   * One key of the transaction.
   *
   * @param key the key
   * @param readClock the clock of the version the transaction read (empty: it found the key never
   *     written); for a key it writes without reading, the version the client read just before the
   *     commit. Every key carries one, so that a late copy of a commit that already applied (a
   *     retry, a duplicate) finds its keys changed instead of writing them again
   * @param kind {@link Intent.Kind#READ} if it only read the key, else the write it makes
   * @param valueOrNull for {@link Intent.Kind#PUT}, the value; null otherwise
   */
  public record Key(byte[] key, VectorClock readClock, Intent.Kind kind, byte[] valueOrNull) {
    public Key {
      MessageChecks.key(key);
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(readClock, "readClock (the version read: read the key first)");
      if ((kind == Intent.Kind.PUT) != (valueOrNull != null)) {
        throw new IllegalArgumentException("a put, and only a put, carries a value");
      }
      if (valueOrNull != null) {
        MessageChecks.value(valueOrNull);
      }
    }

    /** A key the transaction read (at {@code clock}) and does not write. */
    public static Key read(byte[] key, VectorClock clock) {
      return new Key(key, Objects.requireNonNull(clock, "clock"), Intent.Kind.READ, null);
    }

    /** The intent of {@code transaction} for this key. */
    public Intent intent(TransactionId transaction, long startedMillis, long priorityMillis) {
      return new Intent(transaction, startedMillis, priorityMillis, kind, valueOrNull);
    }

    int bytes() {
      return key.length + (valueOrNull == null ? 0 : valueOrNull.length);
    }
  }

  /** Checks the limits, and that no key appears twice or is one the store keeps for itself. */
  public TransactionRequest {
    Objects.requireNonNull(id, "id");
    keys = List.copyOf(keys);
    if (keys.isEmpty() || keys.size() > KEYS_MAX) {
      throw new IllegalArgumentException(
          "a transaction of "
              + keys.size()
              + " keys: it must read or write 1 to "
              + KEYS_MAX
              + " keys; split it");
    }
    long bytes = 0;
    Set<ByteBuffer> seen = new HashSet<>();
    for (Key key : keys) {
      bytes += key.bytes();
      if (!seen.add(ByteBuffer.wrap(key.key()))) {
        throw new IllegalArgumentException("a transaction names a key twice");
      }
      if (TransactionId.isRecordKey(key.key()) || LockRequest.isRecordKey(key.key())) {
        throw new IllegalArgumentException(
            "keys that start with the bytes 0x00 'txn:' or 0x00 'lock:' hold the store's"
                + " transaction and lock records: a transaction cannot use them");
      }
    }
    if (bytes > BYTES_MAX) {
      throw new IllegalArgumentException(
          "a transaction of "
              + bytes
              + " bytes of keys and values exceeds the maximum "
              + BYTES_MAX
              + "; split it");
    }
    MessageChecks.timeout(timeoutMillis);
    if (priorityMillis < 0) {
      throw new IllegalArgumentException("priority " + priorityMillis + " must not be negative");
    }
  }

  /** A commit whose age for wait-die is the node's start of it. */
  public TransactionRequest(TransactionId id, List<Key> keys, int timeoutMillis) {
    this(id, keys, 0, timeoutMillis);
  }
}
