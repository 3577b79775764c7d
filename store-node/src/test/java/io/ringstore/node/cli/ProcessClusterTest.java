package io.ringstore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringstore.client.RingstoreClient;
import io.ringstore.core.time.SystemClock;
import io.ringstore.node.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Three real node JVMs started by {@code ringstore cluster start} (the command line run in this
 * JVM, the nodes on this test's class path), used through the Java client and the command line, one
 * SIGKILLed, then stopped by {@code cluster stop}. {@link #stopWhatWeStarted} kills exactly the
 * recorded process ids if a test fails halfway.
 */
class ProcessClusterTest {
  /** Longest wait for a killed node to be convicted: the detector needs about 2 s. */
  private static final long DETECT_WAIT_MILLIS = 15_000;

  private static final int NODES = 3;
  private static final long BINARY_VALUE_SEED = 20261206L;

  @TempDir Path home;

  private CliEnvironment environment() {
    return environment(new byte[0]);
  }

  private CliEnvironment environment(byte[] standardInput) {
    return new CliEnvironment(
        Map.of(),
        home,
        ProcessHandle.current().info().command().orElse("java"),
        classPathOfThisJvm(),
        new SystemClock(),
        new ByteArrayInputStream(standardInput));
  }

  /** The one property a process test must read: the class path its node JVMs run with. */
  private static String classPathOfThisJvm() {
    return System.getProperty("java.class.path");
  }

  private record Run(int exitCode, String out, String err) {}

  private Run ringstore(String... args) {
    return ringstoreReading(new byte[0], args);
  }

  private Run ringstoreReading(byte[] standardInput, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = RingstoreCommand.commandLine(environment(standardInput));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    int exitCode = line.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /**
   * {@code ringstore txn}: a script from standard input moves money between two keys atomically and
   * prints what it read; a bad script is refused naming its line, and runs nothing.
   */
  private void transactionScripts() throws IOException {
    assertThat(ringstore("put", "alice", "100").exitCode()).isZero();
    byte[] transfer =
        "# move 30\nget alice\nget bob\nput alice 70\nput bob 30\n"
            .getBytes(StandardCharsets.UTF_8);

    Run moved = ringstoreReading(transfer, "txn");
    Path script = home.resolve("read.txn");
    Files.writeString(script, "get alice\nget bob\ndelete carol\n");
    Run read = ringstore("txn", script.toString());
    Run bad = ringstoreReading("get alice\nput bob\n".getBytes(StandardCharsets.UTF_8), "txn");

    assertThat(moved.exitCode()).as(moved.err()).isZero();
    assertThat(moved.out()).isEqualTo("alice 100\nbob (none)\ncommitted\n");
    assertThat(read.out()).isEqualTo("alice 70\nbob 30\ncommitted\n");
    assertThat(bad.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(bad.err()).contains("line 2: 'put bob': say put KEY VALUE");
    assertThat(ringstore("get", "bob").out()).isEqualTo("30\n");
  }

  /** {@code put --if-absent | --if-version | --if-value} and {@code get --serial} on real nodes. */
  private void conditionalPutsAndSerialReads() {
    assertThat(ringstore("put", "lock", "a", "--if-absent").out()).startsWith("applied\n");
    Run taken = ringstore("put", "lock", "b", "--if-absent");
    assertThat(taken.exitCode()).isEqualTo(PutCommand.NOT_APPLIED);
    assertThat(taken.out()).startsWith("not applied: the key has value a\n");

    Run serial = ringstore("get", "lock", "--serial");
    assertThat(serial.out()).isEqualTo("a\n");
    assertThat(serial.err()).startsWith("version ");
    String version = serial.err().substring("version ".length()).trim();

    assertThat(ringstore("put", "lock", "c", "--if-version", version).exitCode()).isZero();
    assertThat(ringstore("put", "lock", "d", "--if-version", version).exitCode())
        .as("the version was replaced")
        .isEqualTo(PutCommand.NOT_APPLIED);
    assertThat(ringstore("put", "lock", "e", "--if-value", "c").exitCode()).isZero();
    assertThat(ringstore("get", "lock", "--serial").out()).isEqualTo("e\n");

    Run garbage = ringstore("put", "lock", "f", "--if-version", "not-a-version!");
    assertThat(garbage.exitCode()).isNotZero();
    assertThat(garbage.err()).contains("--if-version").contains("not a version");
  }

  @AfterEach
  void stopWhatWeStarted() {
    LocalCluster.killRecorded(environment().clusterDirectory());
  }

  @Test
  void startServeThroughClientAndCommandLineThenStop() throws Exception {
    Run start =
        ringstore(
            "cluster",
            "start",
            "--base-port",
            Integer.toString(FreeClusterPorts.base(NODES, false)),
            "--fsync",
            "never",
            "--jvm-option",
            "-Xms64m",
            "--jvm-option",
            "-Xmx256m");
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).contains("The cluster serves");
    ClusterState state = ClusterState.read(environment().clusterDirectory()).orElseThrow();
    assertThat(state.nodes()).hasSize(NODES);

    try (RingstoreClient client =
        RingstoreClient.builder()
            .seeds(state.seeds().stream().map(Object::toString).toList())
            .build()) {
      byte[] key = "from-java".getBytes(StandardCharsets.UTF_8);
      client.put(key, "java-value".getBytes(StandardCharsets.UTF_8));
      assertThat(ringstore("get", "from-java").out()).isEqualTo("java-value\n");

      assertThat(ringstore("put", "from-cli", "cli-value").exitCode()).isZero();
      assertThat(client.get("from-cli".getBytes(StandardCharsets.UTF_8)).value())
          .hasValueSatisfying(
              v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("cli-value"));
      binaryValuesGoThroughFilesAndStandardInput(client);
      conditionalPutsAndSerialReads();
      transactionScripts();
    }
    Run status = ringstore("status");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).contains("node-1", "node-2", "node-3", "33.3%");
    assertThat(status.out().lines().filter(line -> line.contains(" UP "))).hasSize(NODES);
    JsonNode json = new ObjectMapper().readTree(ringstore("status", "--json").out());
    assertThat(json.get("members")).hasSize(NODES);
    assertThat(json.get("members").findValuesAsText("state")).containsOnly("UP");
    assertThat(json.get("replicationFactor").asInt()).isEqualTo(NODES);
    JsonNode ring = new ObjectMapper().readTree(ringstore("ring", "--key", "k", "--json").out());
    assertThat(ring.get("members")).hasSize(NODES);
    assertThat(ring.get("key").get("replicas")).hasSize(NODES);
    assertThat(ringstore("ring", "--key", "k").out()).contains("TOKENS", "key k: token ");
    Run ping = ringstore("ping");
    assertThat(ping.exitCode()).as(ping.err()).isZero();
    assertThat(ping.out().lines().filter(line -> line.endsWith(" UP"))).hasSize(NODES);
    Run info = ringstore("info");
    assertThat(info.exitCode()).as(info.err()).isZero();
    assertThat(info.out()).contains("version", "uptime_seconds", "storage_live_keys");
    JsonNode infos = new ObjectMapper().readTree(ringstore("info", "--json").out());
    assertThat(infos.findValuesAsText("node")).containsExactly("node-1", "node-2", "node-3");
    assertThat(infos.findValuesAsText("status")).containsOnly("NORMAL");
    assertThat(infos.findValuesAsText("ring_members")).containsOnly(String.valueOf(NODES));
    Run health = ringstore("health", "--url", state.nodes().get(0).adminUrl() + "health");
    assertThat(health.exitCode()).as(health.err()).isZero();
    assertThat(health.out()).contains("\"ready\":true");

    ProcessHandle third = ProcessHandle.of(state.nodes().get(2).pid()).orElseThrow();
    third.destroyForcibly();
    third.onExit().join();
    Await.until(
        "node-1 to convict the killed node-3 (phi-accrual, about 2 s)",
        DETECT_WAIT_MILLIS,
        () -> ringstore("status").out().lines().anyMatch(line -> line.contains(" DOWN ")));
    assertThat(ringstore("ping").exitCode()).isEqualTo(ClientCalls.FAILED);
    assertThat(ringstore("info").exitCode()).isEqualTo(ClientCalls.FAILED);
    assertThat(ringstore("health", "--url", state.nodes().get(2).adminUrl() + "health").exitCode())
        .isEqualTo(ClientCalls.FAILED);
    Run degraded = ringstore("status");
    assertThat(degraded.exitCode()).isEqualTo(StatusCommand.NOT_ALL_UP);
    assertThat(degraded.out().lines().filter(line -> line.contains(" DOWN ")))
        .singleElement()
        .asString()
        .startsWith("node-3");
    assertThat(ringstore("delete", "from-cli").exitCode()).isZero();
    assertThat(ringstore("get", "from-cli").exitCode()).isEqualTo(GetCommand.NOT_FOUND);

    Run stop = ringstore("cluster", "stop");
    assertThat(stop.exitCode()).isZero();
    for (ClusterState.NodeProcess node : state.nodes()) {
      assertThat(ProcessHandle.of(node.pid()).filter(ProcessHandle::isAlive)).isEmpty();
    }
    assertThat(ClusterState.read(environment().clusterDirectory())).isEmpty();
  }

  /**
   * A value that is not text, and too large for a shell argument, goes in with {@code --value-file}
   * (a file, or {@code -} for standard input) and comes out unchanged with {@code get --out}.
   */
  private void binaryValuesGoThroughFilesAndStandardInput(RingstoreClient client)
      throws IOException {
    byte[] large = new byte[3 * 1024 * 1024];
    new Random(BINARY_VALUE_SEED).nextBytes(large);
    Path in = home.resolve("large.bin");
    Files.write(in, large);
    Path out = home.resolve("large.out");

    assertThat(ringstore("put", "large", "--value-file", in.toString()).exitCode()).isZero();
    Run get = ringstore("get", "large", "--out", out.toString());
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(large);

    byte[] binary = {0, (byte) 0xff, '\n', '\r', 0};
    assertThat(ringstoreReading(binary, "put", "piped", "--value-file", "-").exitCode()).isZero();
    assertThat(client.get("piped".getBytes(StandardCharsets.UTF_8)).value()).contains(binary);

    Run both = ringstore("put", "k", "v", "--value-file", in.toString());
    assertThat(both.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(both.err()).contains("either as an argument or with --value-file");
  }

  @Test
  void clientCommandsWithoutAClusterSayHowToStartOne() {
    Run get = ringstore("get", "k");

    assertThat(get.exitCode()).isEqualTo(ClientCalls.FAILED);
    assertThat(get.err()).contains("cluster start");
  }
}
