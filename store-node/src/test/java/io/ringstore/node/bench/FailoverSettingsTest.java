package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.HostPort;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every failover flag is checked, alone and against the run, naming the flag. */
class FailoverSettingsTest {
  private static final Path REPORTS = Path.of("reports");

  private static BenchSettings bench(int records, int valueBytes, int threads, int seconds) {
    return new BenchSettings(
        List.of(new HostPort("127.0.0.1", 7201)),
        records,
        valueBytes,
        0.5,
        true,
        threads,
        seconds,
        0,
        false,
        1,
        BenchWorkload.MIX);
  }

  @Test
  void faultsParseByTheirFlagNamesOnly() {
    assertThat(Fault.parse("partition")).isEqualTo(Fault.PARTITION);
    assertThatThrownBy(() -> Fault.parse("KILL"))
        .hasMessageContaining("--fault is 'KILL'")
        .hasMessageContaining("kill, pause, partition");
  }

  @Test
  void theFaultNeedsASecondOfSteadyStateAndTheHealComesAfterIt() {
    assertThatThrownBy(() -> new FailoverSettings(Fault.KILL, 0, 5, REPORTS))
        .hasMessageContaining("--fault-at-seconds is 0");
    assertThatThrownBy(() -> new FailoverSettings(Fault.KILL, 5, 5, REPORTS))
        .hasMessageContaining("--heal-at-seconds is 5, must be after --fault-at-seconds (5)");
  }

  @Test
  void theHealFallsInsideTheRunAndValuesCarryTheStampAndThreadsOwnKeys() {
    FailoverSettings settings = new FailoverSettings(Fault.PAUSE, 10, 20, REPORTS);

    settings.requireFits(bench(1000, 100, 16, 30));
    assertThatThrownBy(() -> settings.requireFits(bench(1000, 100, 16, 20)))
        .hasMessageContaining("--heal-at-seconds is 20")
        .hasMessageContaining("--duration-seconds 20");
    assertThatThrownBy(() -> settings.requireFits(bench(1000, 7, 16, 30)))
        .hasMessageContaining("--value-bytes is 7, must be at least 8");
    assertThatThrownBy(() -> settings.requireFits(bench(15, 100, 16, 30)))
        .hasMessageContaining("--records is 15, must be at least --threads (16)");
  }
}
