package io.ringstore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.client.RingstoreClient;
import io.ringstore.client.RingstoreException;
import io.ringstore.client.Transaction;
import io.ringstore.core.coordinator.Transactions;
import io.ringstore.core.time.SystemClock;
import io.ringstore.node.Await;
import io.ringstore.node.cli.CliRuns.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions across real JVMs: three nodes ({@code ringstore cluster start}, fsync always),
 * clients moving money between accounts from this JVM, and one node SIGKILLed under that load, in
 * the middle of the commits it coordinates. Its transactions' keys are free again within the
 * resolve timeout (and the client's failover), no money appears or vanishes, and every account is
 * still there. {@link #killWhatWeStarted} kills exactly the processes this test started.
 */
class TransactionProcessTest {
  private static final SystemClock CLOCK = new SystemClock();
  private static final int NODES = 3;
  private static final int ACCOUNTS = 12;
  private static final long OPENING = 1_000;
  private static final int THREADS = 6;

  /** How long after the kill every account may still be held: the resolve timeout and failover. */
  private static final long FREE_WITHIN_MILLIS =
      Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT + 15_000;

  @TempDir Path home;

  private Run ringstore(String... args) {
    return CliRuns.ringstore(home, args);
  }

  @AfterEach
  void killWhatWeStarted() {
    LocalCluster.killRecorded(CliRuns.environment(home).clusterDirectory());
  }

  @Test
  void aCoordinatorKilledMidCommitLeavesNoKeyHeldAndTheTotalWhole() throws Exception {
    long seed = Long.getLong("ringstore.seed", CLOCK.wallMillis());
    System.out.println("TransactionProcessTest seed " + seed + " (replay with -Dringstore.seed=N)");
    Run start =
        ringstore(
            "cluster",
            "start",
            "--base-port",
            Integer.toString(FreeClusterPorts.base(NODES, false)),
            "--jvm-option",
            "-Xms64m",
            "--jvm-option",
            "-Xmx256m");
    assertThat(start.exitCode()).as(start.err()).isZero();
    ClusterState state =
        ClusterState.read(CliRuns.environment(home).clusterDirectory()).orElseThrow();
    try (RingstoreClient client =
        RingstoreClient.builder()
            .seeds(state.seeds().stream().map(Object::toString).toList())
            .defaultTimeout(Duration.ofSeconds(5))
            .build()) {
      for (int i = 0; i < ACCOUNTS; i++) {
        client.put(account(i), bytes(Long.toString(OPENING)));
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger committed = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> load = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(seed + t);
        load.add(threads.submit(() -> transfers(client, random, stop, committed, failed)));
      }
      Await.until("transfers under way", 60_000, () -> committed.get() >= 50);

      ProcessHandle coordinator = ProcessHandle.of(state.nodes().get(2).pid()).orElseThrow();
      coordinator.destroyForcibly();
      coordinator.onExit().join();
      long killedNanos = CLOCK.monotonicNanos();
      int committedAtKill = committed.get();
      Await.until(
          "transfers after the kill", 60_000, () -> committed.get() >= committedAtKill + 50);
      stop.set(true);
      for (Future<?> done : load) {
        done.get(60, TimeUnit.SECONDS);
      }
      threads.shutdown();

      Await.until(
          "a transaction that writes every account commits",
          FREE_WITHIN_MILLIS,
          () -> touchesEveryAccount(client));
      long freeAfterMillis = TimeUnit.NANOSECONDS.toMillis(CLOCK.monotonicNanos() - killedNanos);
      long sum =
          client.transaction(
              (Transaction transaction) -> {
                long total = 0;
                for (int i = 0; i < ACCOUNTS; i++) {
                  total += balance(transaction.get(account(i)).orElseThrow());
                }
                return total;
              });
      System.out.printf(
          Locale.ROOT,
          "TransactionProcessTest: %d transfers committed (%d before the kill), %d failed or"
              + " unknown; every account free %d ms after the kill; total %d%n",
          committed.get(),
          committedAtKill,
          failed.get(),
          freeAfterMillis,
          sum);

      assertThat(sum).as("seed %d", seed).isEqualTo(ACCOUNTS * OPENING);
    }
  }

  private static void transfers(
      RingstoreClient client,
      Random random,
      AtomicBoolean stop,
      AtomicInteger committed,
      AtomicInteger failed) {
    while (!stop.get()) {
      int from = random.nextInt(ACCOUNTS);
      int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
      try {
        client.transaction(
            transaction -> {
              long payer = balance(transaction.get(account(from)).orElseThrow());
              long payee = balance(transaction.get(account(to)).orElseThrow());
              long amount = Math.min(payer, 1 + random.nextInt(20));
              transaction.put(account(from), bytes(Long.toString(payer - amount)));
              transaction.put(account(to), bytes(Long.toString(payee + amount)));
            });
        committed.incrementAndGet();
      } catch (RingstoreException unknownOrConflicted) {
        failed.incrementAndGet();
      }
    }
  }

  /** Whether one transaction could hold every account at once (rewriting each as it is). */
  private static boolean touchesEveryAccount(RingstoreClient client) {
    try {
      Transaction transaction = client.begin();
      for (int i = 0; i < ACCOUNTS; i++) {
        transaction.put(account(i), transaction.get(account(i)).orElseThrow());
      }
      transaction.commit();
      return true;
    } catch (RingstoreException stillHeld) {
      return false;
    }
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
