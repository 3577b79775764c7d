package io.ringstore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.client.PutResult;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.VersionContext;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.storage.log.LogStorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import io.ringstore.core.storage.log.StorageEnvironment;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.node.Await;
import io.ringstore.node.ExecutorScheduler;
import io.ringstore.node.cli.CliRuns.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranges move between real node JVMs under a client's load: three nodes ({@code ringstore cluster
 * start}), every key written, then a client thread overwrites the first half of the keys while
 * {@code ringstore cluster add} starts a fourth node (it joins by streaming its ranges) and {@code
 * ringstore decommission --node node-2 --wait} makes node-2 hand its ranges over and leave. The
 * load sees no error; every acknowledged write is read back; and node-4's data directory, opened
 * after the cluster stopped, holds the untouched second half of the keys it replicates: it can only
 * have received those by streaming.
 */
class RangeMovementProcessTest {
  private static final int NODES = 3;
  private static final int KEYS = 1_000;
  private static final long MOVED_WITHIN_MILLIS = 120_000;
  private static final int LOAD_WRITES_MAX = 500_000;
  private static final List<String> JVM = List.of("-Xms64m", "-Xmx256m");

  @TempDir Path home;
  private final Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
  private final Map<Integer, VersionContext> contexts = new ConcurrentHashMap<>();

  private CliEnvironment environment() {
    return CliRuns.environment(home);
  }

  private Run ringstore(String... args) {
    return CliRuns.ringstore(home, args);
  }

  @AfterEach
  void killWhatWeStarted() {
    LocalCluster.killRecorded(environment().clusterDirectory());
  }

  @Test
  void aFourthNodeJoinsAndANodeDecommissionsUnderLoadWithNoClientError() throws Exception {
    Run start =
        ringstore(
            "cluster",
            "start",
            "--base-port",
            Integer.toString(FreeClusterPorts.base(NODES + 1, false)),
            "--fsync",
            "never",
            "--jvm-option",
            JVM.get(0),
            "--jvm-option",
            JVM.get(1));
    assertThat(start.exitCode()).as(start.err()).isZero();
    ClusterState state = ClusterState.read(environment().clusterDirectory()).orElseThrow();
    Ring finalRing;
    try (RingstoreClient client =
        RingstoreClient.builder()
            .seeds(state.seeds().stream().map(Object::toString).toList())
            .build()) {
      for (int key = 0; key < KEYS; key++) {
        write(client, key, "loaded-" + key);
      }
      Load load = new Load(client);
      Thread loader = new Thread(load, "range-movement-load");
      loader.start();
      try {
        Run add =
            ringstore(
                "cluster",
                "add",
                "--fsync",
                "never",
                "--jvm-option",
                JVM.get(0),
                "--jvm-option",
                JVM.get(1));
        assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
        ClusterState four = ClusterState.read(environment().clusterDirectory()).orElseThrow();
        awaitRings(four, 4, "node-4 to join every node's ring");

        Run decommission =
            ringstore("decommission", "--node", "node-2", "--wait", "--wait-seconds", "120");
        System.out.print(decommission.out());
        assertThat(decommission.exitCode()).as(decommission.out() + decommission.err()).isZero();
        assertThat(decommission.out()).contains("node-2: LEFT");
      } finally {
        load.stop.set(true);
        loader.join();
      }
      assertThat(load.failure.get()).as("the load's first error").isNull();
      assertThat(load.writes.get()).as("writes during the movements").isPositive();
      for (int key = 0; key < KEYS; key++) {
        assertThat(client.get(key(key)).values().stream().map(RangeMovementProcessTest::text))
            .as("key %d after the join and the decommission", key)
            .contains(acknowledged.get(key));
      }
      finalRing = ringOf(state.nodes().get(0));
    }
    assertThat(finalRing.members()).extracting(Member::id).doesNotContain(NodeId.of("node-2"));
    assertThat(ringstore("cluster", "stop").exitCode()).isZero();
    assertStreamedKeysIn(finalRing, home.resolve(".ringstore/cluster/node-4/data"));
  }

  /** Until every running node of {@code state} serves a ring of {@code members}. */
  private void awaitRings(ClusterState state, int members, String what) {
    Await.until(
        what,
        MOVED_WITHIN_MILLIS,
        () ->
            state.nodes().stream()
                .allMatch(
                    node -> {
                      try (NodeProbe probe = new NodeProbe()) {
                        Optional<Ring> ring = probe.ring(node.address(), 1_000);
                        return ring.isPresent() && ring.get().members().size() == members;
                      }
                    }));
  }

  private static Ring ringOf(ClusterState.NodeProcess node) {
    try (NodeProbe probe = new NodeProbe()) {
      return probe.ring(node.address(), 2_000).orElseThrow();
    }
  }

  /** node-4 holds, in its own storage, every key of the untouched half that it replicates. */
  private static void assertStreamedKeysIn(Ring ring, Path dataDir) {
    NodeId joined = NodeId.of("node-4");
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    int streamed = 0;
    try (LogStorageEngine storage =
        LogStorageEngine.open(
            LogStorageOptions.defaults(dataDir),
            new StorageEnvironment(
                new SystemClock(), new ExecutorScheduler(timer), Runnable::run))) {
      for (int key = KEYS / 2; key < KEYS; key++) {
        if (ring.preferenceList(key(key)).isReplica(joined)) {
          List<Versioned> versions = storage.get(key(key));
          assertThat(versions).as("node-4 holds key %d", key).hasSize(1);
          assertThat(text(versions.get(0).value())).isEqualTo("loaded-" + key);
          streamed++;
        }
      }
    } finally {
      timer.shutdownNow();
    }
    assertThat(streamed).as("keys node-4 could only have received by streaming").isPositive();
  }

  private void write(RingstoreClient client, int key, String value) {
    PutResult result =
        client.put(
            key(key),
            value.getBytes(StandardCharsets.UTF_8),
            contexts.getOrDefault(key, VersionContext.empty()));
    contexts.put(key, result.context());
    acknowledged.put(key, value);
  }

  /** Overwrites the first half of the keys in turn until stopped; keeps the first error. */
  private final class Load implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final RingstoreClient client;

    Load(RingstoreClient client) {
      this.client = client;
    }

    @Override
    public void run() {
      for (int i = 0; i < LOAD_WRITES_MAX && !stop.get(); i++) {
        try {
          write(client, i % (KEYS / 2), "load-" + i);
          writes.incrementAndGet();
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
          return;
        }
      }
    }
  }

  private static byte[] key(int key) {
    return ("moving-" + key).getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
