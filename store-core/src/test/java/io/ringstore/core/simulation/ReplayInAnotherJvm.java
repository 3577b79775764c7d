package io.ringstore.core.simulation;

/**
 * The child process of {@code SimulationTest.aSeedReplaysToTheSameLogInAnotherJvm}: runs one seed
 * under the replay config and prints the sha-256 of its event log on standard output.
 */
final class ReplayInAnotherJvm {
  private ReplayInAnotherJvm() {}

  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    SimulationRun run = Simulator.run(seed, SimulationTest.replayConfig());
    System.out.println(SimulationTest.sha256(run.log().text()));
  }
}
