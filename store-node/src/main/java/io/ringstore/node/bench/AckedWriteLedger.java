package io.ringstore.node.bench;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every acknowledged write of a failover run, for the check at the end that none was lost.
 *
 * <p><b>Design.</b> Each write stamps its value with a sequence number that grows over the run (the
 * first {@link #SEQUENCE_BYTES} bytes, big-endian). In failover mode each request chain owns a
 * disjoint set of keys and has one request outstanding, so the writes of one key are issued in
 * sequence order, one after another. The ledger keeps, per key, the highest sequence number
 * acknowledged. A later write of the key may have been applied without its acknowledgment reaching
 * us (a timeout), and it supersedes the acknowledged one; so a key is lost only if no value read
 * back carries the acknowledged sequence number <em>or a higher one</em>. Sequence 0 means "no
 * acknowledged write".
 *
 * <p>Thread-safe: one slot per record, updated with a compare-and-set maximum.
 */
public final class AckedWriteLedger {
  /** Bytes of the sequence number at the start of each value. */
  public static final int SEQUENCE_BYTES = Long.BYTES;

  private static final long NONE = 0;

  private final AtomicLongArray ackedSequences;

  /** A ledger of {@code records} keys, none written. */
  public AckedWriteLedger(int records) {
    if (records < 1) {
      throw new IllegalArgumentException("records is " + records + ", must be at least 1");
    }
    this.ackedSequences = new AtomicLongArray(records);
  }

  /** A copy of {@code template} with {@code sequence} stamped in its first bytes. */
  public static byte[] stamp(byte[] template, long sequence) {
    if (template.length < SEQUENCE_BYTES) {
      throw new IllegalArgumentException(
          "a value of "
              + template.length
              + " bytes cannot hold a "
              + SEQUENCE_BYTES
              + "-byte stamp");
    }
    if (sequence <= NONE) {
      throw new IllegalArgumentException("sequence is " + sequence + ", must be positive");
    }
    byte[] value = template.clone();
    ByteBuffer.wrap(value).putLong(0, sequence);
    return value;
  }

  /** The sequence number stamped in {@code value}, or 0 if it is too short to carry one. */
  public static long sequenceOf(byte[] value) {
    return value.length < SEQUENCE_BYTES ? NONE : ByteBuffer.wrap(value).getLong(0);
  }

  /** Records that the write of {@code sequence} to {@code record} was acknowledged. */
  public void acknowledged(int record, long sequence) {
    ackedSequences.accumulateAndGet(record, sequence, Math::max);
  }

  /** The highest sequence acknowledged for {@code record}, or 0 if none. */
  public long ackedSequence(int record) {
    return ackedSequences.get(record);
  }

  /** The number of records in the ledger. */
  public int records() {
    return ackedSequences.length();
  }

  /** Records with an acknowledged write. */
  public long acknowledgedRecords() {
    long count = 0;
    for (int record = 0; record < ackedSequences.length(); record++) {
      if (ackedSequences.get(record) != NONE) {
        count++;
      }
    }
    return count;
  }

  /**
   * Whether {@code record}'s acknowledged write is missing from {@code valuesRead} (the siblings a
   * read returned): none carries its sequence number or a later one.
   */
  public boolean isLost(int record, List<byte[]> valuesRead) {
    long acked = ackedSequences.get(record);
    if (acked == NONE) {
      return false;
    }
    for (byte[] value : valuesRead) {
      if (sequenceOf(value) >= acked) {
        return false;
      }
    }
    return true;
  }
}
