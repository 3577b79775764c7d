package io.ringstore.core.simulation;

import org.junit.jupiter.api.Test;

class ThrowawayLockProbeTest {
  @Test
  void probe() throws Exception {
    SimulationConfig defaults = SimulationConfig.defaults();
    SimulationConfig config =
        defaults
            .withWorkload(defaults.workload().withRegisters(3, 0, 2).withLockClients(4))
            .withNetwork(defaults.network().withLatency(500, 20_000))
            .withNemesis(Nemesis.messageLoss(0.1, 0.02).and(Nemesis.quickRestarts(60)));
    SimulationRun run = Simulator.run(Long.parseLong(System.getProperty("probe.seed")), config);
    java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/probe.log"), run.log().text());
  }
}
