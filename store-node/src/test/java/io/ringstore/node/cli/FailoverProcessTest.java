package io.ringstore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.time.SystemClock;
import io.ringstore.node.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A whole, short {@code bench --failover --fault pause} on three real node JVMs (on 127.0.0.1-3,
 * this test's class path): SIGSTOP and SIGCONT reach node-3, every acknowledged write reads back,
 * the reports are written, and every node process it started is gone at the end. About 20 s.
 */
class FailoverProcessTest {
  private static final int NODES = 3;
  private static final int PORT_ATTEMPTS_MAX = 50;
  private static final long GONE_WAIT_MILLIS = 15_000;
  private static final Pattern STARTED =
      Pattern.compile("started node-\\d on \\S+ \\(pid (\\d+)\\)");

  @TempDir Path home;

  private CliEnvironment environment() {
    return new CliEnvironment(
        Map.of(),
        home,
        ProcessHandle.current().info().command().orElse("java"),
        System.getProperty("java.class.path"),
        new SystemClock());
  }

  @AfterEach
  void killWhatWeStarted() {
    ClusterState.read(FailoverBench.clusterRoot(environment()))
        .ifPresent(
            state ->
                state
                    .nodes()
                    .forEach(
                        n ->
                            LocalCluster.nodeProcess(n.pid())
                                .ifPresent(ProcessHandle::destroyForcibly)));
  }

  @Test
  void pauseRunReadsBackEveryAcknowledgedWriteWritesTheReportsAndStopsItsNodes() throws Exception {
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
            "pause",
            "--threads",
            "4",
            "--records",
            "1000",
            "--warmup-seconds",
            "1",
            "--duration-seconds",
            "6",
            "--fault-at-seconds",
            "2",
            "--heal-at-seconds",
            "4",
            "--failover-base-port",
            Integer.toString(freeBasePort()),
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
        .contains(" lost_acked=0 ", " acked_keys_unverified=0 ")
        .endsWith(" node_states=probed")
        .containsPattern(" acked_keys_checked=[1-9]\\d* ");
    assertThat(out.toString()).contains("fault injected at ", "fault healed at ");
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

  /** A port free on 127.0.0.1 to 127.0.0.3 with the next two ports, node i taking base + i. */
  private static int freeBasePort() throws IOException {
    for (int attempt = 0; attempt < PORT_ATTEMPTS_MAX; attempt++) {
      int base;
      try (ServerSocket probe = new ServerSocket(0)) {
        base = probe.getLocalPort();
      }
      if (base + NODES < 65_535 && allFree(base)) {
        return base;
      }
    }
    throw new IllegalStateException("no three consecutive free ports found");
  }

  private static boolean allFree(int base) {
    for (int i = 0; i < NODES; i++) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (i + 1)), base + i));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
