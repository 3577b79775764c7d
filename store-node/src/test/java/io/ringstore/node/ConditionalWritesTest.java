package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.client.ConditionalResult;
import io.ringstore.client.RingstoreClient;
import io.ringstore.core.cluster.Member;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conditional writes and serial reads on three real nodes in one JVM (Netty on loopback, log
 * storage with its Paxos engine), through the Java client.
 */
class ConditionalWritesTest {
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

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void putIfAbsentAppliesOnceAndThenReportsTheValueThatWon() {
    byte[] key = bytes("leader");

    ConditionalResult first = client.putIfAbsent(key, bytes("node-a"));
    ConditionalResult second = client.putIfAbsent(key, bytes("node-b"));

    assertThat(first.applied()).isTrue();
    assertThat(second.applied()).isFalse();
    assertThat(second.valueOrNull()).isEqualTo(bytes("node-a"));
    assertThat(client.getSerial(key).valueOrNull()).isEqualTo(bytes("node-a"));
    assertThat(client.get(key).value())
        .as("a plain read sees the committed conditional write")
        .hasValueSatisfying(value -> assertThat(value).isEqualTo(bytes("node-a")));
  }

  @Test
  void putIfVersionAndDeleteIfVersionApplyOnlyOnTheVersionTheyName() {
    byte[] key = bytes("config");
    ConditionalResult created = client.putIfAbsent(key, bytes("v1"));

    ConditionalResult updated = client.putIfVersion(key, bytes("v2"), created.context());
    ConditionalResult stale = client.putIfVersion(key, bytes("v3"), created.context());
    ConditionalResult staleDelete = client.deleteIfVersion(key, created.context());
    ConditionalResult deleted = client.deleteIfVersion(key, updated.context());

    assertThat(updated.applied()).isTrue();
    assertThat(stale.applied()).isFalse();
    assertThat(stale.valueOrNull()).isEqualTo(bytes("v2"));
    assertThat(staleDelete.applied()).isFalse();
    assertThat(deleted.applied()).isTrue();
    assertThat(client.getSerial(key).valueOrNull()).isNull();
    assertThat(client.putIfAbsent(key, bytes("v4")).applied())
        .as("a deleted key is absent again")
        .isTrue();
  }

  @Test
  void compareAndSetSwapsOnlyFromTheExpectedValue() {
    byte[] key = bytes("counter");
    client.putIfAbsent(key, bytes("1"));

    assertThat(client.compareAndSet(key, bytes("1"), bytes("2")).applied()).isTrue();
    ConditionalResult missed = client.compareAndSet(key, bytes("1"), bytes("3"));

    assertThat(missed.applied()).isFalse();
    assertThat(missed.valueOrNull()).isEqualTo(bytes("2"));
  }

  /**
   * Eight threads increment one counter by compare-and-set, each retrying until its increments
   * land: no increment is lost, so the counter ends at the number of successful swaps.
   */
  @Test
  void concurrentCompareAndSetLosesNoIncrement() throws Exception {
    byte[] key = bytes("contended");
    client.putIfAbsent(key, bytes("0"));
    int threads = 8;
    int incrementsEach = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(incrementer(key, incrementsEach)));
      }
      int swaps = 0;
      for (Future<Integer> future : done) {
        swaps += future.get();
      }
      assertThat(swaps).isEqualTo(threads * incrementsEach);
      assertThat(new String(client.getSerial(key).valueOrNull(), StandardCharsets.UTF_8))
          .isEqualTo(String.valueOf(threads * incrementsEach));
    } finally {
      pool.shutdownNow();
    }
  }

  private Callable<Integer> incrementer(byte[] key, int increments) {
    return () -> {
      int swaps = 0;
      for (int attempt = 0; swaps < increments && attempt < 1_000; attempt++) {
        byte[] current = client.getSerial(key).valueOrNull();
        int next = Integer.parseInt(new String(current, StandardCharsets.UTF_8)) + 1;
        if (client.compareAndSet(key, current, bytes(String.valueOf(next))).applied()) {
          swaps++;
        }
      }
      return swaps;
    };
  }

  @Test
  void conditionalWritesGoOnWithOneReplicaSilent() {
    byte[] key = bytes("survives-a-minority");
    List<Member> replicas = cluster.node(0).ring().preferenceList(key).replicas();
    client.putIfAbsent(key, bytes("before"));
    cluster.silence(cluster.indexOf(replicas.get(0).id()));

    ConditionalResult swapped = client.compareAndSet(key, bytes("before"), bytes("after"));

    assertThat(swapped.applied()).isTrue();
    assertThat(client.getSerial(key).valueOrNull()).isEqualTo(bytes("after"));
  }
}
