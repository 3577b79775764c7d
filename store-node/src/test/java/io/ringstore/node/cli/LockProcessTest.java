package io.ringstore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.client.ConditionalResult;
import io.ringstore.client.Lease;
import io.ringstore.client.RingstoreClient;
import io.ringstore.core.time.SystemClock;
import io.ringstore.node.Await;
import io.ringstore.node.cli.CliRuns.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locks across real JVMs: three nodes ({@code ringstore cluster start}) and lock holders that are
 * processes of their own ({@code ringstore lock acquire}, run with this test's class path). A
 * holder SIGKILLed is followed by the next waiter once its lease ran out; a replica SIGKILLed does
 * not stop locking; a holder SIGSTOPped past its lease, whose lock a new holder took and whose key
 * the new holder wrote, has its fenced write refused when it resumes. {@link #killWhatWeStarted}
 * kills exactly the processes this test started.
 */
class LockProcessTest {
  private static final SystemClock CLOCK = new SystemClock();

  private static final int NODES = 3;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long LINE_WAIT_MILLIS = 60_000;
  private static final Pattern GRANTED = Pattern.compile("granted \\S+ fencing token (\\d+) ");

  @TempDir Path home;
  private final List<Process> holders = new ArrayList<>();

  private CliEnvironment environment() {
    return CliRuns.environment(home);
  }

  private Run ringstore(String... args) {
    return CliRuns.ringstore(home, args);
  }

  @AfterEach
  void killWhatWeStarted() {
    holders.forEach(Process::destroyForcibly);
    LocalCluster.killRecorded(environment().clusterDirectory());
  }

  /** A lock holder: {@code ringstore lock acquire ARGS} in a JVM of its own. */
  private record Holder(Process process, BufferedReader out, long token) {}

  private Holder startHolder(String... acquireArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-Xmx128m", "-cp", System.getProperty("java.class.path")));
    command.addAll(List.of("io.ringstore.node.Main", "lock", "acquire"));
    command.addAll(List.of(acquireArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("RINGSTORE_HOME", home.toString());
    Process process = builder.start();
    holders.add(process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = readLine(out, "the holder's grant");
    Matcher granted = GRANTED.matcher(line);
    assertThat(granted.find()).as("the holder's first line: " + line).isTrue();
    return new Holder(process, out, Long.parseLong(granted.group(1)));
  }

  /** The next line of {@code out}, waiting at most {@link #LINE_WAIT_MILLIS}. */
  private static String readLine(BufferedReader out, String what) {
    StringBuilder line = new StringBuilder();
    Await.until(
        what,
        LINE_WAIT_MILLIS,
        () -> {
          try {
            while (out.ready()) {
              int c = out.read();
              if (c == '\n') {
                return true;
              }
              line.append((char) c);
            }
            return false;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return line.toString();
  }

  private static void signal(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill " + signal).isZero();
  }

  @Test
  void locksOutliveAKilledHolderAKilledReplicaAndFenceAPausedHolder() throws Exception {
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
    ClusterState state = ClusterState.read(environment().clusterDirectory()).orElseThrow();
    try (RingstoreClient client =
        RingstoreClient.builder()
            .seeds(state.seeds().stream().map(Object::toString).toList())
            .build()) {
      theNextWaiterIsGrantedAfterAKilledHoldersLease(client);
      pausedHoldersFencedWriteIsRefused(client);
      ProcessHandle replica = ProcessHandle.of(state.nodes().get(1).pid()).orElseThrow();
      replica.destroyForcibly();
      replica.onExit().join();
      lockingGoesOnWithAReplicaKilled(client);
    }
    assertThat(ringstore("cluster", "stop").exitCode()).isZero();
  }

  private void theNextWaiterIsGrantedAfterAKilledHoldersLease(RingstoreClient client)
      throws Exception {
    Holder holder = startHolder("jobs", "--lease-ms", "2000", "--hold-ms", "600000");
    holder.process().destroyForcibly();
    holder.process().onExit().join();
    long killedAt = CLOCK.monotonicNanos();

    try (Lease next = client.lock("jobs").acquire(Duration.ofSeconds(10), WAIT)) {
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(CLOCK.monotonicNanos() - killedAt);

      assertThat(next.fencingToken()).isEqualTo(holder.token() + 1);
      assertThat(waitedMillis)
          .as("granted once the killed holder's 2 s lease ran out, not before")
          .isGreaterThanOrEqualTo(1_000);
      assertThat(ringstore("lock", "status", "jobs").out())
          .startsWith("held: fencing token " + next.fencingToken() + ", lease 10000 ms");
    }
    assertThat(ringstore("lock", "status", "jobs").out())
        .isEqualTo("free: last fencing token " + (holder.token() + 1) + "\n");
    Run acquired = ringstore("lock", "acquire", "jobs", "--lease-ms", "60000");
    assertThat(acquired.out()).startsWith("granted jobs fencing token " + (holder.token() + 2));
    Run busy = ringstore("lock", "acquire", "jobs", "--wait-ms", "200");
    assertThat(busy.exitCode()).isEqualTo(LockCommand.NOT_APPLIED);
    assertThat(busy.out())
        .startsWith("not granted: held with fencing token " + (holder.token() + 2));
    Run stale = ringstore("lock", "release", "jobs", "--token", Long.toString(holder.token()));
    assertThat(stale.exitCode()).isEqualTo(LockCommand.NOT_APPLIED);
    Run released =
        ringstore("lock", "release", "jobs", "--token", Long.toString(holder.token() + 2));
    assertThat(released.exitCode()).as(released.err()).isZero();
    assertThat(released.out()).isEqualTo("released\n");
  }

  private void pausedHoldersFencedWriteIsRefused(RingstoreClient client) throws Exception {
    byte[] key = "compaction-output".getBytes(StandardCharsets.UTF_8);
    Holder paused =
        startHolder(
            "compactor",
            "--lease-ms",
            "1500",
            "--hold-ms",
            "4000",
            "--then-put",
            "compaction-output",
            "by-paused-holder");
    signal(paused.process(), "-STOP");
    ConditionalResult written;
    try (Lease next = client.lock("compactor").acquire(Duration.ofSeconds(10), WAIT)) {
      assertThat(next.fencingToken()).isEqualTo(paused.token() + 1);
      written =
          client.putFenced(key, "by-new-holder".getBytes(StandardCharsets.UTF_8), next.fence());
    }
    signal(paused.process(), "-CONT");
    assertThat(paused.process().waitFor(LINE_WAIT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
    String said = paused.out().lines().collect(Collectors.joining("\n"));

    assertThat(written.applied()).isTrue();
    assertThat(said).contains("fenced put refused");
    assertThat(paused.process().exitValue()).as(said).isEqualTo(LockCommand.NOT_APPLIED);
    assertThat(client.getSerial(key).valueOrNull())
        .isEqualTo("by-new-holder".getBytes(StandardCharsets.UTF_8));
  }

  private void lockingGoesOnWithAReplicaKilled(RingstoreClient client) {
    long last = client.lock("jobs").status().fencingToken();
    for (int i = 0; i < 5; i++) {
      try (Lease lease = client.lock("jobs").acquire(Duration.ofSeconds(10), WAIT)) {
        assertThat(lease.fencingToken()).isEqualTo(last + 1);
        last = lease.fencingToken();
      }
    }
    assertThat(client.lock("jobs").status().held()).isFalse();
  }
}
