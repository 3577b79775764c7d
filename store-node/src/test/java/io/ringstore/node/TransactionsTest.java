package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.client.RingstoreClient;
import io.ringstore.client.Transaction;
import io.ringstore.client.TransactionConflictException;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.wire.TransactionRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions on three real nodes in one JVM (Netty on loopback, log storage with its Paxos
 * engine), through the Java client: concurrent transfers keep the bank's total, snapshots see it
 * whole, a conflict applies nothing.
 */
class TransactionsTest {
  private static final int ACCOUNTS = 8;
  private static final long OPENING = 100;

  @TempDir Path directory;

  private InProcessCluster cluster;
  private RingstoreClient client;

  @BeforeEach
  void start() {
    cluster = InProcessCluster.start(directory);
    client = RingstoreClient.builder().seeds(cluster.seeds()).build();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    cluster.close();
  }

  @Test
  void concurrentTransfersKeepTheTotalAndSnapshotsSeeItWhole() throws Exception {
    long seed = Long.getLong("ringstore.seed", new SystemClock().wallMillis());
    System.out.println("TransactionsTest seed " + seed + " (replay with -Dringstore.seed=N)");
    for (int i = 0; i < ACCOUNTS; i++) {
      client.put(account(i), bytes(Long.toString(OPENING)));
    }
    ExecutorService threads = Executors.newFixedThreadPool(6);
    AtomicInteger committed = new AtomicInteger();
    AtomicInteger transfersGaveUp = new AtomicInteger();
    List<Future<?>> work = new ArrayList<>();
    List<Long> snapshots = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Random random = new Random(seed + t);
      work.add(threads.submit(() -> transfers(random, 25, committed, transfersGaveUp)));
    }
    AtomicInteger starved = new AtomicInteger();
    for (int t = 0; t < 2; t++) {
      work.add(threads.submit(() -> snapshots(10, snapshots, starved)));
    }
    for (Future<?> done : work) {
      done.get(120, TimeUnit.SECONDS);
    }
    threads.shutdown();

    System.out.printf(
        Locale.ROOT,
        "TransactionsTest: %d transfers committed, %d gave up; %d snapshots committed, %d gave"
            + " up (after %d attempts each)%n",
        committed.get(),
        transfersGaveUp.get(),
        snapshots.size(),
        starved.get(),
        RingstoreClient.TRANSACTION_ATTEMPTS_MAX);
    assertThat(committed.get() + transfersGaveUp.get()).isEqualTo(100);
    assertThat(committed.get()).as("transfers committed").isGreaterThan(50);
    assertThat(snapshots).isNotEmpty().allSatisfy(sum -> assertThat(sum).isEqualTo(total()));
    long sum = 0;
    for (int i = 0; i < ACCOUNTS; i++) {
      sum += balance(client.get(account(i)).value().orElseThrow());
    }
    assertThat(sum).as("seed %d", seed).isEqualTo(total());
  }

  /**
   * Moves money between random accounts. A transfer that conflicted on every attempt (it met older
   * transactions each time) applied nothing: it is counted, not failed.
   */
  private void transfers(Random random, int count, AtomicInteger committed, AtomicInteger gaveUp) {
    for (int i = 0; i < count; i++) {
      int from = random.nextInt(ACCOUNTS);
      int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
      int amount = 1 + random.nextInt(10);
      try {
        client.transaction(
            transaction -> {
              long payer = balance(transaction.get(account(from)).orElseThrow());
              long payee = balance(transaction.get(account(to)).orElseThrow());
              long moved = Math.min(payer, amount);
              transaction.put(account(from), bytes(Long.toString(payer - moved)));
              transaction.put(account(to), bytes(Long.toString(payee + moved)));
            });
        committed.incrementAndGet();
      } catch (TransactionConflictException conflicted) {
        gaveUp.incrementAndGet();
      }
    }
  }

  /**
   * Sums every account in read-only transactions. One that reads all eight accounts while four
   * threads move money among them conflicts often (a transfer commits between its reads and its
   * commit) and may give up after every attempt: that is counted, not failed; every snapshot that
   * commits must see the whole total.
   */
  private void snapshots(int count, List<Long> sums, AtomicInteger starved) {
    for (int i = 0; i < count; i++) {
      long sum;
      try {
        sum = snapshot();
      } catch (TransactionConflictException conflicted) {
        starved.incrementAndGet();
        continue;
      }
      synchronized (sums) {
        sums.add(sum);
      }
    }
  }

  private long snapshot() {
    return client.transaction(
        (Transaction transaction) -> {
          long total = 0;
          for (int a = 0; a < ACCOUNTS; a++) {
            total += balance(transaction.get(account(a)).orElseThrow());
          }
          return total;
        });
  }

  @Test
  void aKeyChangedBetweenTheReadAndTheCommitAppliesNothing() {
    client.put(account(0), bytes("100"));
    client.put(account(1), bytes("0"));
    Transaction transaction = client.begin();
    long payer = balance(transaction.get(account(0)).orElseThrow());
    transaction.put(account(0), bytes(Long.toString(payer - 40)));
    transaction.put(account(1), bytes("40"));
    client.put(account(0), bytes("5"), client.get(account(0)).context());

    assertThatThrownBy(transaction::commit)
        .isInstanceOf(TransactionConflictException.class)
        .hasMessageContaining("changed since the transaction read it");
    assertThat(balance(client.get(account(0)).value().orElseThrow())).isEqualTo(5);
    assertThat(balance(client.get(account(1)).value().orElseThrow())).isZero();
    assertThatThrownBy(transaction::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTransactionReadsItsOwnWritesAndCommitsDeletes() {
    client.put(account(0), bytes("1"));

    byte[] seen =
        client.transaction(
            (Transaction transaction) -> {
              transaction.put(account(0), bytes("2"));
              byte[] own = transaction.get(account(0)).orElseThrow();
              transaction.delete(account(1));
              return own;
            });

    assertThat(seen).isEqualTo(bytes("2"));
    assertThat(client.get(account(0)).value())
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("2")));
    assertThat(client.get(account(1)).exists()).isFalse();
  }

  @Test
  void tooLargeATransactionIsRefusedBeforeAnythingIsSent() {
    Transaction transaction = client.begin();
    for (int i = 0; i <= TransactionRequest.KEYS_MAX; i++) {
      transaction.put(bytes("k" + i), bytes("v"));
    }

    assertThatThrownBy(transaction::commit)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("split it");
  }

  private static long total() {
    return ACCOUNTS * OPENING;
  }

  private static byte[] account(int i) {
    return bytes("account-" + i);
  }

  private static long balance(byte[] value) {
    return Long.parseLong(new String(value, StandardCharsets.UTF_8));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
