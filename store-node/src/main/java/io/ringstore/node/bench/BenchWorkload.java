package io.ringstore.node.bench;

import java.util.Arrays;
import java.util.Locale;

/** What a benchmark's requests do. */
public enum BenchWorkload {
  /** Reads and read-modify-write updates of the records, as {@code --read-fraction} says. */
  MIX,
  /**
   * Compare-and-set over the records ({@code put-if-version} on the version its chain last saw,
   * linearizable, by Paxos): one operation is one conditional write.
   */
  CAS,
  /** Acquire and release of a lock per record: one operation is both. */
  LOCK,
  /** Every chain acquires and releases one lock: one operation is a grant and its release. */
  LOCK_CONTENDED,
  /**
   * Transfers between two accounts drawn from the records (a transaction that reads both balances
   * and writes both): one operation is one committed transfer, its conflicts retried by the client.
   * Few records make them contend.
   */
  TRANSFER;

  /**
   * The flag's spelling: {@code mix}, {@code cas}, {@code lock}, {@code lock-contended}, {@code
   * transfer}.
   */
  public String flag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The workload {@code flag} names; IllegalArgumentException naming the choices otherwise. */
  public static BenchWorkload parse(String flag) {
    for (BenchWorkload workload : values()) {
      if (workload.flag().equals(flag)) {
        return workload;
      }
    }
    throw new IllegalArgumentException(
        "--workload is '"
            + flag
            + "', must be one of "
            + Arrays.stream(values()).map(BenchWorkload::flag).toList());
  }

  /** Whether its requests block a thread each (conditional writes and locks are synchronous). */
  boolean blocking() {
    return this != MIX;
  }
}
