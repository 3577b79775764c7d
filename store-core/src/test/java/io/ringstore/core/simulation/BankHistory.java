package io.ringstore.core.simulation;

import io.ringstore.core.wire.Intent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the simulated bank clients did: every transaction they asked to commit, with the account
 * versions it read (named by the transaction that wrote them), what it wrote, and what it was
 * answered. Times are simulated nanoseconds.
 */
public final class BankHistory {
  /** The writer of an account's version that no transaction wrote: its opening balance. */
  static final String OPENING = "opening";

  /** What a commit was answered. */
  enum Outcome {
    COMMITTED,
    /** A conflict: nothing of it applied. */
    ABORTED,
    /** No answer, or an error: it may have committed. */
    UNKNOWN
  }

  /**
   * One transaction.
   *
   * @param id its identity, which every value it writes carries
   * @param readFrom for each account it read, the transaction whose write it read ({@link #OPENING}
   *     for the opening balance)
   * @param balances for each account it read, the balance it read
   * @param writes for each account it writes, the new balance
   * @param outcome what its commit was answered
   */
  record Txn(
      String id,
      Map<String, String> readFrom,
      Map<String, Long> balances,
      Map<String, Long> writes,
      Outcome outcome,
      long invokeNanos,
      long completeNanos) {
    boolean readOnly() {
      return writes.isEmpty();
    }

    @Override
    public String toString() {
      return "txn "
          + id
          + " "
          + outcome
          + " read "
          + readFrom
          + " balances "
          + balances
          + " writes "
          + writes;
    }
  }

  /**
   * An intent a node's acceptor still held at the end of the run.
   *
   * @param ageMillis how long before the end, by that node's wall clock, its transaction started
   */
  record IntentLeft(String node, String key, Intent intent, long ageMillis) {}

  private final List<Txn> transactions = new ArrayList<>();
  private final List<IntentLeft> intentsLeft = new ArrayList<>();
  private final Map<String, String> finalWriters = new java.util.TreeMap<>();
  private final Map<String, Long> finalBalances = new java.util.TreeMap<>();
  private int accounts;
  private long openingBalance;

  /** The accounts are {@code count}, each opening with {@code balance}. */
  void opened(int count, long balance) {
    accounts = count;
    openingBalance = balance;
  }

  void add(Txn txn) {
    transactions.add(txn);
  }

  /**
   * An account's final read, after the run healed: the transaction that wrote it, and the balance.
   */
  void finalRead(String account, String writer, long balance) {
    finalWriters.put(account, writer);
    finalBalances.put(account, balance);
  }

  /** For each account read at the end, the transaction whose write it held. */
  Map<String, String> finalWriters() {
    return finalWriters;
  }

  /** For each account read at the end, its balance. */
  Map<String, Long> finalBalances() {
    return finalBalances;
  }

  void intentLeft(IntentLeft left) {
    intentsLeft.add(left);
  }

  /** The intents the nodes still held at the end of the run. */
  List<IntentLeft> intentsLeft() {
    return intentsLeft;
  }

  /** Every transaction asked to commit, in the order they ended. */
  public List<Txn> transactions() {
    return transactions;
  }

  /** The sum every snapshot of all accounts must find. */
  long total() {
    return accounts * openingBalance;
  }

  int accounts() {
    return accounts;
  }
}
