package io.ringstore.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.time.SystemClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench --failover} refuses what it cannot do before it starts or touches anything: no node
 * is started (no cluster directory appears), no client connects.
 */
class BenchFailoverArgumentsTest {
  @TempDir Path home;

  private record Run(int exitCode, String err) {}

  private Run bench(String... args) {
    CliEnvironment environment =
        new CliEnvironment(Map.of(), home, "java-not-to-be-run", "none", new SystemClock());
    StringWriter err = new StringWriter();
    CommandLine line = RingstoreCommand.commandLine(environment);
    line.setOut(new PrintWriter(new StringWriter(), true));
    line.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "bench";
    all[1] = "--failover";
    System.arraycopy(args, 0, all, 2, args.length);
    return new Run(line.execute(all), err.toString());
  }

  private void assertNothingStarted() {
    assertThat(
            Files.exists(
                FailoverBench.clusterRoot(
                    new CliEnvironment(Map.of(), home, "java", "none", new SystemClock()))))
        .isFalse();
  }

  @Test
  void anUnknownFaultOrAHealOutsideTheRunIsAUsageError() {
    assertThat(bench("--fault", "reboot").err()).contains("--fault is 'reboot'");
    Run late = bench("--fault", "pause", "--duration-seconds", "15", "--heal-at-seconds", "15");
    assertThat(late.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(late.err()).contains("--heal-at-seconds is 15");
    assertNothingStarted();
  }

  @Test
  void killIsRefusedOnAClusterItDidNotStart() {
    Run run = bench("--fault", "kill", "--seeds", "127.0.0.1:1,127.0.0.2:2");

    assertThat(run.exitCode()).isEqualTo(ClientCalls.FAILED);
    assertThat(run.err()).contains("cannot start again a node it did not start");
  }

  @Test
  void pauseOnAGivenClusterNeedsThePidOfARunningNode() {
    Run noPid = bench("--fault", "pause", "--seeds", "127.0.0.1:1,127.0.0.2:2");
    assertThat(noPid.err()).contains("needs --fault-pid, the process id of 127.0.0.2:2");

    Run notANode =
        bench(
            "--fault",
            "pause",
            "--seeds",
            "127.0.0.1:1",
            "--fault-pid",
            Long.toString(ProcessHandle.current().parent().orElseThrow().pid()));
    assertThat(notANode.err()).contains("is not a running ringstore node");
  }

  @Test
  void aFaultNodeOutsideTheSeedsOrPidsWithoutSeedsAreRefused() {
    assertThat(
            bench("--fault", "partition", "--seeds", "127.0.0.2:2", "--fault-node", "127.0.0.3:3")
                .err())
        .contains("--fault-node 127.0.0.3:3 is not among --seeds");
    assertThat(bench("--fault", "pause", "--fault-pid", "1234").err())
        .contains("--fault-pid and --fault-node are for a cluster given by --seeds");
    assertNothingStarted();
  }

  @Test
  void partitionOfTheSharedLoopbackAddressIsRefused() {
    assertThat(bench("--fault", "partition", "--seeds", "127.0.0.1:7001").err())
        .contains("not 127.0.0.1");
  }
}
