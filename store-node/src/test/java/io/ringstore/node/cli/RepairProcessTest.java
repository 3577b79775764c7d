package io.ringstore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.client.RingstoreClient;
import io.ringstore.core.storage.log.LogStorageEngine;
import io.ringstore.core.storage.log.LogStorageOptions;
import io.ringstore.core.storage.log.StorageEnvironment;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.node.Await;
import io.ringstore.node.ExecutorScheduler;
import io.ringstore.node.cli.CliRuns.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose data directory is lost gets its data back from the others: three real node JVMs
 * ({@code ringstore cluster start}), 3,000 keys written, node-3 SIGKILLed, its data directory
 * deleted and the node started again empty; {@code ringstore repair --node node-3 --wait} then
 * streams every key back (N=3 of three nodes: node-3 replicates them all). The cluster is stopped
 * and node-3's storage opened from its directory and read key by key: every value is there.
 */
class RepairProcessTest {
  private static final int NODES = 3;
  private static final int KEYS = 3_000;
  private static final long SERVE_WAIT_MILLIS = 30_000;

  @TempDir Path home;

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
  void aWipedNodeIsRestoredByRepair() throws Exception {
    List<String> jvm = List.of("-Xms64m", "-Xmx256m");
    Run start =
        ringstore(
            "cluster",
            "start",
            "--base-port",
            Integer.toString(FreeClusterPorts.base(NODES, false)),
            "--fsync",
            "never",
            "--jvm-option",
            jvm.get(0),
            "--jvm-option",
            jvm.get(1));
    assertThat(start.exitCode()).as(start.err()).isZero();
    ClusterState state = ClusterState.read(environment().clusterDirectory()).orElseThrow();
    try (RingstoreClient client =
        RingstoreClient.builder()
            .seeds(state.seeds().stream().map(Object::toString).toList())
            .build()) {
      for (int i = 0; i < KEYS; i++) {
        client.put(key(i), value(i));
      }
    }

    ClusterState.NodeProcess third = state.nodes().get(2);
    ProcessHandle process = ProcessHandle.of(third.pid()).orElseThrow();
    process.destroyForcibly();
    process.onExit().join();
    deleteRecursively(third.directory().resolve("data"));
    new LocalCluster(environment()).restart(third, jvm);
    Await.until(
        "node-1 and the restarted, empty node-3 to see every node up",
        SERVE_WAIT_MILLIS,
        () ->
            ringstore("status").exitCode() == 0
                && ringstore("status", "--seeds", third.address().toString()).exitCode() == 0);

    Run repair = ringstore("repair", "--node", "node-3", "--wait");
    System.out.print(repair.out());

    assertThat(repair.exitCode()).as(repair.out() + repair.err()).isZero();
    assertThat(repair.out()).contains("node-3: repair finished in", "2/2 ranges");
    assertThat(ringstore("cluster", "stop").exitCode()).isZero();
    assertEveryKeyIn(third.directory().resolve("data"));
  }

  private static void assertEveryKeyIn(Path dataDir) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (LogStorageEngine storage =
        LogStorageEngine.open(
            LogStorageOptions.defaults(dataDir),
            new StorageEnvironment(
                new SystemClock(), new ExecutorScheduler(timer), Runnable::run))) {
      for (int i = 0; i < KEYS; i++) {
        List<Versioned> versions = storage.get(key(i));
        assertThat(versions).as("node-3 holds key %d after the repair", i).hasSize(1);
        assertThat(versions.get(0).value()).isEqualTo(value(i));
      }
    } finally {
      timer.shutdownNow();
    }
  }

  private static byte[] key(int i) {
    return ("key-" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] value(int i) {
    return ("value-" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
