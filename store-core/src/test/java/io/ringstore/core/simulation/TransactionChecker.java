package io.ringstore.core.simulation;

import io.ringstore.core.coordinator.Transactions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transactions are atomic and serializable, judged from what the bank clients read, wrote and were
 * answered ({@link BankHistory}). Every value written names its transaction, so each read names the
 * transaction it read from, and each write names the version it replaced (a transfer reads what it
 * writes): the version order of each account follows, and with it Adya's dependency graph.
 *
 * <ul>
 *   <li><b>No aborted write is visible</b>: no transaction read a value of a transaction answered
 *       as aborted (writes apply only after the record commits, so this holds for every read, even
 *       one of a transaction that then aborted).
 *   <li><b>No write is lost</b>: no two committed transactions replaced the same version of an
 *       account. A committed transaction one of whose writes never applied shows here (the next
 *       writer replaced the version before it), and so does a lost update.
 *   <li><b>Serializable</b>: the graph of committed transactions with their write-read, write-write
 *       and read-write (anti-)dependencies has no cycle, so a serial order explains every read. A
 *       transaction answered with no outcome counts as committed if anyone read its writes.
 *   <li><b>The bank's invariants</b>: every committed read-only transaction of all accounts sums to
 *       the total, and no committed transaction read a negative balance.
 *   <li><b>No intent is left behind</b>: at the end of the run no node holds an intent older than
 *       twice the resolve timeout (its coordinator may have died at any step: whoever meets it, or
 *       the sweeper of a replica holding it, resolves it).
 * </ul>
 *
 * <p>Not applicable to a run in which a node lost its whole disk (an acceptor that comes back empty
 * forgets its promises and the intents it held), nor to one with no committed transaction.
 */
public final class TransactionChecker implements Checker {
  private static final int CYCLE_MEMBERS_SHOWN = 6;

  /** The oldest an intent may be at the end of a run: twice the resolve timeout. */
  static final long INTENT_AGE_MILLIS_MAX = 2L * Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT;

  @Override
  public String name() {
    return "transactions are atomic and serializable, and the bank's total holds";
  }

  @Override
  public CheckResult check(History history) {
    BankHistory bank = history.bank();
    Map<String, BankHistory.Txn> byId = new LinkedHashMap<>();
    bank.transactions().forEach(txn -> byId.put(txn.id(), txn));
    Set<String> committed = committed(bank, byId);
    if (committed.isEmpty() || !history.faults().wholeDisksLost().isEmpty()) {
      return new CheckResult(name(), false, List.of());
    }
    List<String> violations = new ArrayList<>();
    checkNoAbortedRead(bank.transactions(), byId, violations);
    Map<String, Map<String, String>> next = successors(committed, byId, violations);
    checkAcyclic(committed, byId, next, violations);
    checkInvariants(bank, committed, byId, violations);
    checkIntentsResolved(bank, violations);
    checkFinalState(bank, committed, byId, next, violations);
    return new CheckResult(name(), true, violations);
  }

  /**
   * Committed transactions, and those without an answer whose writes someone read (a transaction or
   * the final reads).
   */
  private static Set<String> committed(BankHistory bank, Map<String, BankHistory.Txn> byId) {
    Set<String> committed = new HashSet<>();
    List<String> writersRead = new ArrayList<>(bank.finalWriters().values());
    for (BankHistory.Txn txn : bank.transactions()) {
      if (txn.outcome() == BankHistory.Outcome.COMMITTED) {
        committed.add(txn.id());
      }
      writersRead.addAll(txn.readFrom().values());
    }
    for (String writer : writersRead) {
      BankHistory.Txn read = byId.get(writer);
      if (read != null && read.outcome() == BankHistory.Outcome.UNKNOWN) {
        committed.add(writer);
      }
    }
    return committed;
  }

  private static void checkNoAbortedRead(
      List<BankHistory.Txn> transactions,
      Map<String, BankHistory.Txn> byId,
      List<String> violations) {
    for (BankHistory.Txn txn : transactions) {
      txn.readFrom()
          .forEach(
              (account, writer) -> {
                BankHistory.Txn read = byId.get(writer);
                if (!writer.equals(BankHistory.OPENING) && read == null) {
                  violations.add(txn + " read " + account + " from unknown writer " + writer);
                } else if (read != null && read.outcome() == BankHistory.Outcome.ABORTED) {
                  violations.add(
                      "an aborted transaction's write is visible: " + txn + " read " + read);
                }
              });
    }
  }

  /**
   * For each account, the committed transaction that replaced each version (by its writer's id);
   * two that replaced the same one are a lost write.
   */
  private static Map<String, Map<String, String>> successors(
      Set<String> committed, Map<String, BankHistory.Txn> byId, List<String> violations) {
    Map<String, Map<String, String>> next = new HashMap<>();
    for (String id : committed) {
      BankHistory.Txn txn = byId.get(id);
      for (String account : txn.writes().keySet()) {
        String replaced = txn.readFrom().get(account);
        String other = next.computeIfAbsent(account, a -> new HashMap<>()).put(replaced, id);
        if (other != null) {
          violations.add(
              "a write is lost: "
                  + byId.get(other)
                  + " and "
                  + txn
                  + " both replaced the version of "
                  + account
                  + " that "
                  + replaced
                  + " wrote");
        }
      }
    }
    return next;
  }

  private static void checkAcyclic(
      Set<String> committed,
      Map<String, BankHistory.Txn> byId,
      Map<String, Map<String, String>> next,
      List<String> violations) {
    Map<String, Set<String>> edges = new HashMap<>();
    for (String id : committed) {
      BankHistory.Txn txn = byId.get(id);
      txn.readFrom()
          .forEach(
              (account, writer) -> {
                if (committed.contains(writer)) {
                  edge(edges, writer, id); // write-read, and write-write for a written account
                }
                String overwriter = next.getOrDefault(account, Map.of()).get(writer);
                if (overwriter != null && !overwriter.equals(id)) {
                  edge(edges, id, overwriter); // read-write
                }
              });
    }
    List<String> cycle = cycleMembers(committed, edges);
    if (!cycle.isEmpty()) {
      List<String> shown = new ArrayList<>();
      for (String id : cycle.subList(0, Math.min(CYCLE_MEMBERS_SHOWN, cycle.size()))) {
        shown.add(byId.get(id).toString());
      }
      violations.add(
          "not serializable: "
              + cycle.size()
              + " committed transactions depend on each other in a cycle, among them "
              + shown);
    }
  }

  private static void edge(Map<String, Set<String>> edges, String from, String to) {
    edges.computeIfAbsent(from, f -> new HashSet<>()).add(to);
  }

  /** The transactions left on a cycle once every one with no predecessor is peeled (Kahn). */
  private static List<String> cycleMembers(Set<String> nodes, Map<String, Set<String>> edges) {
    Map<String, Integer> incoming = new HashMap<>();
    nodes.forEach(node -> incoming.put(node, 0));
    edges.values().forEach(targets -> targets.forEach(t -> incoming.merge(t, 1, Integer::sum)));
    Deque<String> free = new ArrayDeque<>();
    incoming.forEach(
        (node, count) -> {
          if (count == 0) {
            free.add(node);
          }
        });
    while (!free.isEmpty()) {
      String node = free.poll();
      incoming.remove(node);
      for (String target : edges.getOrDefault(node, Set.of())) {
        if (incoming.merge(target, -1, Integer::sum) == 0) {
          free.add(target);
        }
      }
    }
    List<String> left = new ArrayList<>(incoming.keySet());
    left.sort(null);
    return left;
  }

  /**
   * No intent outlives its transaction by much more than the resolve timeout: at the end of the run
   * (seconds after the last commit) no node holds one older than twice the timeout.
   */
  private static void checkIntentsResolved(BankHistory bank, List<String> violations) {
    for (BankHistory.IntentLeft left : bank.intentsLeft()) {
      if (left.ageMillis() > INTENT_AGE_MILLIS_MAX) {
        violations.add(
            "an intent outlived its transaction: "
                + left.node()
                + " still holds "
                + left.intent()
                + " on "
                + left.key()
                + ", "
                + left.ageMillis()
                + " ms after its start");
      }
    }
  }

  /**
   * The accounts' final reads: each holds the write of the last committed transaction that wrote it
   * (one no committed transaction replaced), and all of them sum to the total. A committed write
   * lost near the end of the run, which no later transaction touched, shows here.
   */
  private static void checkFinalState(
      BankHistory bank,
      Set<String> committed,
      Map<String, BankHistory.Txn> byId,
      Map<String, Map<String, String>> next,
      List<String> violations) {
    bank.finalWriters()
        .forEach(
            (account, writer) -> {
              BankHistory.Txn wrote = byId.get(writer);
              if (wrote != null && wrote.outcome() == BankHistory.Outcome.ABORTED) {
                violations.add("an aborted transaction's write is final: " + account + " " + wrote);
              }
              String replacedBy = next.getOrDefault(account, Map.of()).get(writer);
              if (replacedBy != null && committed.contains(replacedBy)) {
                violations.add(
                    "a committed write is lost at the end: "
                        + account
                        + " holds the write of "
                        + writer
                        + ", which "
                        + byId.get(replacedBy)
                        + " replaced");
              }
            });
    if (bank.finalBalances().size() == bank.accounts()) {
      long sum = bank.finalBalances().values().stream().mapToLong(Long::longValue).sum();
      if (sum != bank.total()) {
        violations.add(
            "the accounts end with " + sum + ", not " + bank.total() + ": " + bank.finalBalances());
      }
    }
  }

  private static void checkInvariants(
      BankHistory bank,
      Set<String> committed,
      Map<String, BankHistory.Txn> byId,
      List<String> violations) {
    for (String id : committed) {
      BankHistory.Txn txn = byId.get(id);
      txn.balances()
          .forEach(
              (account, balance) -> {
                if (balance < 0) {
                  violations.add("a negative balance was read: " + txn);
                }
              });
      if (txn.readOnly() && txn.balances().size() == bank.accounts()) {
        long sum = txn.balances().values().stream().mapToLong(Long::longValue).sum();
        if (sum != bank.total()) {
          violations.add("a snapshot sums to " + sum + ", not " + bank.total() + ": " + txn);
        }
      }
    }
  }
}
