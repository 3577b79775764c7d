package io.ringstore.client;

import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.TransactionId;
import io.ringstore.core.wire.TransactionRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A multi-key transaction: reads, then writes that apply atomically at {@link #commit}, and only if
 * none of the keys it read changed meanwhile (and no other transaction held them): serializable.
 * From {@link RingstoreClient#begin}, or run for you, with retries, by {@link
 * RingstoreClient#transaction}.
 *
 * <p>Reads are plain quorum reads, made once per key (a second read of a key, or a read of a key
 * written in the transaction, answers from the transaction): until the commit they may disagree
 * with each other (another transaction may commit between two of them); the commit then fails, so a
 * committed transaction's reads were all current at one moment. Writes are buffered here until the
 * commit. Use a transaction from one thread.
 *
 * <p><b>Pitfalls.</b> A transaction cannot read a key with siblings (left by concurrent plain
 * writes): resolve them with a plain write first. Keys held by a transaction refuse conditional
 * writes ({@link ServerErrorException} with code {@code CONFLICT}) until it ends; plain writes to
 * such keys are not ordered with it (see the README's "Transactions").
 */
public final class Transaction {
  /** A transaction's body that returns a result. */
  @FunctionalInterface
  public interface Function<T> {
    T apply(Transaction transaction);
  }

  /** A transaction's body that returns nothing. */
  @FunctionalInterface
  public interface Action {
    void accept(Transaction transaction);
  }

  private final RingstoreClient client;
  private final TransactionId id;
  private final long priorityMillis;
  private final Map<ByteBuffer, VectorClock> reads = new LinkedHashMap<>();
  private final Map<ByteBuffer, Optional<byte[]>> readValues = new LinkedHashMap<>();
  private final Map<ByteBuffer, Optional<byte[]>> writes = new LinkedHashMap<>();
  private boolean ended;

  Transaction(RingstoreClient client, TransactionId id, long priorityMillis) {
    this.client = client;
    this.id = id;
    this.priorityMillis = priorityMillis;
  }

  /** The value of {@code key} as this transaction sees it: its own write, or what it read. */
  public Optional<byte[]> get(byte[] key) {
    checkOpen();
    ByteBuffer name = ByteBuffer.wrap(key.clone());
    if (writes.containsKey(name)) {
      return writes.get(name);
    }
    if (!readValues.containsKey(name)) {
      GetResult read = client.get(key);
      if (read.hasSiblings()) {
        throw new IllegalStateException(
            "key has "
                + read.values().size()
                + " siblings left by concurrent plain writes, and a transaction reads one value:"
                + " resolve them with a plain put of the read's context first");
      }
      reads.put(name, read.context().clock());
      readValues.put(name, read.value());
    }
    return readValues.get(name);
  }

  /** Writes {@code value} to {@code key} when the transaction commits. */
  public void put(byte[] key, byte[] value) {
    checkOpen();
    Objects.requireNonNull(value, "value");
    writes.put(ByteBuffer.wrap(key.clone()), Optional.of(value.clone()));
  }

  /** Deletes {@code key} when the transaction commits. */
  public void delete(byte[] key) {
    checkOpen();
    writes.put(ByteBuffer.wrap(key.clone()), Optional.empty());
  }

  /**
   * Applies every write atomically, if no key read changed and no other transaction holds one. A
   * transaction that wrote nothing commits too: its reads were then all current at one moment.
   *
   * @throws TransactionConflictException if it did not commit: nothing applied; run it again
   * @throws RequestTimeoutException if its outcome is unknown (it may have committed): read its
   *     keys to find out; its keys are free again within the node's resolve timeout
   * @throws IllegalArgumentException if it read and wrote nothing, or breaks a limit ({@link
   *     TransactionRequest#KEYS_MAX} keys, {@link TransactionRequest#BYTES_MAX} bytes)
   */
  public void commit() {
    checkOpen();
    ended = true;
    List<TransactionRequest.Key> keys = new ArrayList<>();
    reads.forEach(
        (key, clock) -> {
          if (!writes.containsKey(key)) {
            keys.add(TransactionRequest.Key.read(bytesOf(key), clock));
          }
        });
    writes.forEach(
        (key, value) ->
            keys.add(
                new TransactionRequest.Key(
                    bytesOf(key),
                    reads.containsKey(key) ? reads.get(key) : versionNow(key),
                    value.isPresent() ? Intent.Kind.PUT : Intent.Kind.DELETE,
                    value.orElse(null))));
    if (keys.isEmpty()) {
      return;
    }
    client.commit(keys.get(keys.size() - 1).key(), keys, id, priorityMillis);
  }

  /**
   * The version of a key this transaction writes without having read it: read now, so that the
   * commit applies only over it (a late copy of a commit that already applied then finds the key
   * changed, instead of writing it again over what came after).
   */
  private VectorClock versionNow(ByteBuffer key) {
    GetResult read = client.get(bytesOf(key));
    if (read.hasSiblings()) {
      throw new IllegalStateException(
          "a key the transaction writes has "
              + read.values().size()
              + " siblings left by concurrent plain writes: resolve them with a plain put of the"
              + " read's context first");
    }
    return read.context().clock();
  }

  /** Ends the transaction without writing anything. */
  public void abort() {
    ended = true;
  }

  /** This transaction's identity, as the node logs it. */
  public String id() {
    return id.toString();
  }

  private void checkOpen() {
    if (ended) {
      throw new IllegalStateException("the transaction has ended: begin another");
    }
  }

  private static byte[] bytesOf(ByteBuffer key) {
    byte[] bytes = new byte[key.remaining()];
    key.duplicate().get(bytes);
    return bytes;
  }
}
