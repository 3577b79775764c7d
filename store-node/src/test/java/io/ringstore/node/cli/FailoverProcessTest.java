package io.ringstore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.node.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Whole, short {@code bench --failover} runs on three real node JVMs (on 127.0.0.1-3, this test's
 * class path), one per fault, with N=3 R=2 W=2 under a write-heavy load: {@code pause} (SIGSTOP,
 * SIGCONT), {@code kill} (SIGKILL, then the node restarts from its data directory) and {@code
 * partition} (iptables rules cut node-3's address off; run as root, as CI does). Each run has no
 * failed client operation, reads back every acknowledged write at R=ALL, sees the faulted node
 * convicted and UP again on every node, writes its reports, and leaves no node process behind.
 * About 25 s each: the run lasts 15 s after the heal, since a killed node's restart beside three
 * loaded JVMs on two cores has taken up to 8 s before its peers saw it UP, and recovery is judged
 * only after that.
 */
class FailoverProcessTest {
  private static final int NODES = 3;
  private static final long GONE_WAIT_MILLIS = 15_000;
  private static final Pattern STARTED =
      Pattern.compile("started node-\\d on \\S+ \\(pid (\\d+)[,)]");

  @TempDir Path home;

  private CliEnvironment environment() {
    return CliRuns.environment(home);
  }

  @AfterEach
  void killWhatWeStarted() {
    LocalCluster.killRecorded(FailoverBench.clusterRoot(environment()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pause", "kill", "partition"})
  void aFaultUnderLoadFailsNoOperationAndLosesNoAcknowledgedWrite(String fault) throws Exception {
    Path reports = home.resolve("reports");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = RingstoreCommand.commandLine(environment());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));

    int exitCode =
        line.execute(
            "bench",
            "--failover",
            "--fault",
            fault,
            "--threads",
            "4",
            "--records",
            "1000",
            "--warmup-seconds",
            "1",
            "--duration-seconds",
            "20",
            "--fault-at-seconds",
            "2",
            "--heal-at-seconds",
            "5",
            "--failover-base-port",
            Integer.toString(FreeClusterPorts.base(NODES, true)),
            "--report-dir",
            reports.toString(),
            "--jvm-option",
            "-Xms64m",
            "--jvm-option",
            "-Xmx256m");

    assertThat(exitCode).as("exit code; stderr: %s; stdout: %s", err, out).isZero();
    String summary =
        out.toString().lines().filter(l -> l.startsWith("summary ")).findFirst().orElseThrow();
    assertThat(summary)
        .as("summary; the run's output:%n%s", out)
        .contains(" errors=0 ", " failed_ops=0 ", " lost_acked=0 ", " acked_keys_unverified=0 ")
        .contains(" node_states=probed ")
        .as("three nodes and N=3: no stand-in, so no hint")
        .endsWith(" hints_max=0 hints_drained_ms=0")
        .containsPattern(" acked_keys_checked=[1-9]\\d* ");
    assertThat(out.toString()).contains("fault injected at ", "fault healed at ");
    assertThat(summary)
        .as("summary; the run's output:%n%s", out)
        .doesNotContain("detect_ms=-1 ", "recovered_ms=-1 ");
    if (fault.equals("kill")) {
      Path log = FailoverBench.clusterRoot(environment()).resolve("node-3").resolve("node.log");
      assertThat(Files.readString(log, StandardCharsets.UTF_8))
          .as("the restarted node's log")
          .contains("membership: generation 2, NORMAL with its tokens restored");
    }
    for (int i = 1; i <= NODES; i++) {
      Path log = FailoverBench.clusterRoot(environment()).resolve("node-" + i).resolve("node.log");
      assertThat(Files.readAllLines(log, StandardCharsets.UTF_8))
          .as("node-%d's log: the fault's expected events are one line each, no stack trace", i)
          .noneMatch(l -> l.startsWith("\tat ") || l.contains("reached at the tail"));
    }
    String csv = Files.readString(reports.resolve("timeline.csv"), StandardCharsets.UTF_8);
    assertThat(csv).contains(",fault\n", ",heal\n");
    assertThat(Files.readString(reports.resolve("report.html"), StandardCharsets.UTF_8))
        .contains("<svg", "stall_ms");
    for (long pid : startedPids(out.toString())) {
      Await.until(
          "node pid " + pid + " gone",
          GONE_WAIT_MILLIS,
          () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    }
  }

  private static List<Long> startedPids(String out) {
    Matcher matcher = STARTED.matcher(out);
    List<Long> pids = new java.util.ArrayList<>();
    while (matcher.find()) {
      pids.add(Long.parseLong(matcher.group(1)));
    }
    assertThat(pids).hasSize(NODES);
    return pids;
  }
}
