package io.ringstore.node.cli;

import io.ringstore.client.RingstoreClient;
import io.ringstore.node.bench.BenchRun;
import io.ringstore.node.bench.BenchSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ringstore bench}: a YCSB-style workload against a cluster; see {@link BenchRun}. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a YCSB-style read/update workload; ends with one 'summary ...' line.")
final class BenchCommand implements Callable<Integer> {
  private final CliEnvironment environment;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;
  @Mixin private ClientOptions client;

  @Option(names = "--records", description = "keys in the key space (default 100000)")
  private int records = 100_000;

  @Option(names = "--value-bytes", description = "value size (default 100)")
  private int valueBytes = 100;

  @Option(names = "--read-fraction", description = "share of reads, 0 to 1 (default 0.5)")
  private double readFraction = 0.5;

  @Option(names = "--distribution", description = "uniform or zipfian (default zipfian)")
  private String distribution = "zipfian";

  @Option(
      names = "--threads",
      description = "concurrent requests, each chain async, one at a time (default 32)")
  private int threads = 32;

  @Option(names = "--duration-seconds", description = "measured seconds (default 30)")
  private int durationSeconds = 30;

  @Option(names = "--warmup-seconds", description = "unmeasured seconds first (default 5)")
  private int warmupSeconds = 5;

  @Option(names = "--load", description = "insert every record before the run")
  private boolean load;

  @Option(
      names = "--client-io-threads",
      description = "the client's event loops, where the request chains run (default 1)")
  private int clientIoThreads = 1;

  @Option(names = "--seed", description = "seed of the key and operation draws (default 1)")
  private long seed = 1;

  BenchCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    BenchSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("bench: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    try (RingstoreClient ringstore =
        client.builder(environment).ioThreads(clientIoThreads).build()) {
      new BenchRun(settings, ringstore, environment.clock(), spec.commandLine().getOut()).run();
      return CommandLine.ExitCode.OK;
    }
  }

  private BenchSettings settings() {
    if (!distribution.equals("uniform") && !distribution.equals("zipfian")) {
      throw new IllegalArgumentException(
          "--distribution is '" + distribution + "', must be uniform or zipfian");
    }
    return new BenchSettings(
        client.seeds(environment),
        records,
        valueBytes,
        readFraction,
        distribution.equals("zipfian"),
        threads,
        durationSeconds,
        warmupSeconds,
        load,
        seed);
  }
}
