package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionId;
import io.ringstore.core.wire.TransactionRequest;
import io.ringstore.core.wire.TransactionResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Clients of a bank: each session is one transaction, run as the client library runs one (plain
 * reads through a random node, then a commit through another): a transfer of a random amount
 * between two accounts (never more than the payer holds), or a read-only snapshot of every account.
 * Every balance written names its transaction ({@code balance/id}), so the {@link
 * TransactionChecker} can tell which write each read saw. What they read, wrote and were answered
 * goes to the {@link BankHistory}.
 */
final class BankClients {
  /** What every account holds before any transaction. */
  static final long OPENING_BALANCE = 100;

  private static final int SNAPSHOT_PERCENT = 25;
  private static final int AMOUNT_MAX = 30;

  private final Simulator.Parts parts;
  private final Transport transport;
  private final List<NodeId> nodes;
  private final int clientTimeoutMillis;
  private final WorkloadSettings.BankSettings settings;
  private final BankHistory history;

  BankClients(
      Simulator.Parts parts,
      Transport transport,
      List<NodeId> nodes,
      int clientTimeoutMillis,
      WorkloadSettings.BankSettings settings,
      BankHistory history) {
    this.parts = parts;
    this.transport = transport;
    this.nodes = List.copyOf(nodes);
    this.clientTimeoutMillis = clientTimeoutMillis;
    this.settings = settings;
    this.history = history;
    history.opened(settings.accounts(), OPENING_BALANCE);
  }

  /** The key of account {@code i}. */
  static String account(int i) {
    return "account-" + i;
  }

  /** Runs one transaction of {@code client}; {@code done} runs when it ends. */
  void session(int client, long op, Runnable done) {
    Random random = parts.random();
    List<String> accounts = new ArrayList<>();
    if (random.nextInt(100) < SNAPSHOT_PERCENT) {
      for (int i = 0; i < settings.accounts(); i++) {
        accounts.add(account(i));
      }
    } else {
      int from = random.nextInt(settings.accounts());
      int to = (from + 1 + random.nextInt(settings.accounts() - 1)) % settings.accounts();
      accounts.add(account(from));
      accounts.add(account(to));
    }
    TransactionId id = TransactionId.random(random);
    log("invoke txn op " + op + " client " + client + " " + id + " reads " + accounts);
    read(accounts, new LinkedHashMap<>(), reads -> commit(op, id, reads, done));
  }

  /**
   * Reads every account at R=ALL through {@code coordinator} once the run has healed, into the
   * history's final balances (an account whose read fails is left out).
   */
  void finalReads(NodeId coordinator) {
    for (int i = 0; i < settings.accounts(); i++) {
      String account = account(i);
      transport.send(
          coordinator,
          new GetRequest(bytes(account), Consistency.all(), 0),
          new ResponseHandler() {
            @Override
            public void onResponse(Response response) {
              Read read = readOf(response);
              if (read != null) {
                history.finalRead(account, read.writer(), read.balance());
              }
            }

            @Override
            public void onFailure(Throwable cause) {
              // left out: the checker judges the accounts read
            }
          });
    }
  }

  /** What the transaction read of one account. */
  private record Read(String writer, long balance, VectorClock clock) {}

  /**
   * Reads {@code accounts} one after the other; {@code then} gets them all, or null on a failure.
   */
  private void read(
      List<String> accounts, Map<String, Read> reads, Consumer<Map<String, Read>> then) {
    if (reads.size() == accounts.size()) {
      then.accept(reads);
      return;
    }
    String account = accounts.get(reads.size());
    call(
        new GetRequest(bytes(account), Consistency.nodeDefault(), 0),
        clientTimeoutMillis,
        response -> {
          Read read = readOf(response);
          if (read == null) {
            then.accept(null);
          } else {
            reads.put(account, read);
            read(accounts, reads, then);
          }
        });
  }

  private static Read readOf(Response response) {
    if (!(response instanceof GetResponse answer) || answer.versions().length > 1) {
      return null; // failed, or siblings a transaction cannot read
    }
    if (answer.versions().length == 0) {
      return new Read(BankHistory.OPENING, OPENING_BALANCE, VectorClock.empty());
    }
    Versioned version = answer.versions()[0];
    String[] parts = new String(version.value(), StandardCharsets.UTF_8).split("/");
    return new Read(parts[1], Long.parseLong(parts[0]), version.clock());
  }

  private void commit(long op, TransactionId id, Map<String, Read> reads, Runnable done) {
    if (reads == null) {
      log("complete txn op " + op + " " + id + ": a read failed");
      done.run();
      return;
    }
    Map<String, Long> writes = new LinkedHashMap<>();
    if (reads.size() == 2) {
      List<String> pair = new ArrayList<>(reads.keySet());
      long payer = reads.get(pair.get(0)).balance();
      long amount = parts.random().nextInt((int) Math.min(payer, AMOUNT_MAX) + 1);
      writes.put(pair.get(0), payer - amount);
      writes.put(pair.get(1), reads.get(pair.get(1)).balance() + amount);
    }
    List<TransactionRequest.Key> keys = new ArrayList<>();
    reads.forEach(
        (account, read) -> {
          Long balance = writes.get(account);
          keys.add(
              balance == null
                  ? TransactionRequest.Key.read(bytes(account), read.clock())
                  : new TransactionRequest.Key(
                      bytes(account), read.clock(), Intent.Kind.PUT, bytes(balance + "/" + id)));
        });
    long invoke = now();
    TransactionRequest request = new TransactionRequest(id, keys, 0);
    call(
        request,
        clientTimeoutMillis,
        first -> {
          if (first == null) {
            // as the client library does when an attempt times out: the same commit, elsewhere
            log("txn op " + op + " " + id + " sent again");
            call(
                request,
                clientTimeoutMillis,
                again -> ended(op, id, reads, writes, invoke, again, done));
          } else {
            ended(op, id, reads, writes, invoke, first, done);
          }
        });
  }

  private void ended(
      long op,
      TransactionId id,
      Map<String, Read> reads,
      Map<String, Long> writes,
      long invoke,
      Response response,
      Runnable done) {
    BankHistory.Outcome outcome = outcomeOf(response);
    Map<String, String> readFrom = new LinkedHashMap<>();
    Map<String, Long> balances = new LinkedHashMap<>();
    reads.forEach(
        (account, read) -> {
          readFrom.put(account, read.writer());
          balances.put(account, read.balance());
        });
    history.add(
        new BankHistory.Txn(id.toString(), readFrom, balances, writes, outcome, invoke, now()));
    log("complete txn op " + op + " " + id + " " + outcome + ": " + response);
    done.run();
  }

  private static BankHistory.Outcome outcomeOf(Response response) {
    if (response instanceof TransactionResponse answer) {
      return answer.outcome() == TransactionResponse.Outcome.COMMITTED
          ? BankHistory.Outcome.COMMITTED
          : BankHistory.Outcome.ABORTED;
    }
    return BankHistory.Outcome.UNKNOWN;
  }

  private void call(Request request, int timeoutMillis, Consumer<Response> answer) {
    ClientCalls.call(parts, transport, nodes, request, timeoutMillis, answer);
  }

  private long now() {
    return parts.events().nowNanos();
  }

  private void log(String what) {
    parts.log().record("client", what);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
