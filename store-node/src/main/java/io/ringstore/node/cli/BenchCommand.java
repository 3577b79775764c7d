package io.ringstore.node.cli;

import io.ringstore.client.NoReachableNodeException;
import io.ringstore.client.RingstoreClient;
import io.ringstore.core.cluster.HostPort;
import io.ringstore.node.bench.BenchRun;
import io.ringstore.node.bench.BenchSettings;
import io.ringstore.node.bench.BenchWorkload;
import io.ringstore.node.bench.FailoverSettings;
import io.ringstore.node.bench.Fault;
import java.nio.file.Path;
import java.util.List;
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

  @Option(
      names = "--workload",
      description =
          "mix (reads and updates), cas (compare-and-set), lock (acquire and release a lock per"
              + " record), lock-contended (one lock for every thread) or transfer (a transaction"
              + " moving 1 between two of the records); default mix")
  private String workload = "mix";

  @Option(names = "--load", description = "insert every record before the run")
  private boolean load;

  @Option(
      names = "--client-io-threads",
      description = "the client's event loops, where the request chains run (default 1)")
  private int clientIoThreads = 1;

  @Option(names = "--seed", description = "seed of the key and operation draws (default 1)")
  private long seed = 1;

  @Option(
      names = "--failover",
      description =
          "inject a fault into one node mid-run (on a local 3-node cluster it starts, or --seeds)")
  private boolean failover;

  @Option(names = "--fault", description = "with --failover: kill, pause or partition")
  private String fault = "kill";

  @Option(names = "--fault-at-seconds", description = "fault instant in the measured part (10)")
  private int faultAtSeconds = 10;

  @Option(names = "--heal-at-seconds", description = "heal instant in the measured part (20)")
  private int healAtSeconds = 20;

  @Option(names = "--fault-pid", description = "with --seeds: process id of the node to pause")
  private Long faultPid;

  @Option(names = "--fault-node", description = "with --seeds: host:port of the node to fault")
  private String faultNode;

  @Option(
      names = "--report-dir",
      description = "where the failover CSV and HTML go (.ringstore/failover/<fault>)")
  private Path reportDirectory;

  @Option(
      names = "--failover-base-port",
      description = "first port of the local failover cluster (default 7201)")
  private int failoverBasePort = FailoverBench.BASE_PORT_DEFAULT;

  @Option(
      names = "--failover-nodes",
      description = "nodes of the local failover cluster, 3 to 9 (default 3; 4+ gives stand-ins)")
  private int failoverNodes = FailoverBench.NODES;

  @Option(
      names = "--jvm-option",
      description = "with --failover: an extra JVM option of every local node (repeatable)")
  private List<String> jvmOptions = List.of();

  BenchCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (failover) {
      return failover();
    }
    BenchSettings settings;
    try {
      settings = settings(client.seeds(environment));
      if (settings.load() && settings.workload() != BenchWorkload.MIX) {
        throw new IllegalArgumentException("--load loads the records of the mix workload only");
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("bench: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    try (RingstoreClient ringstore =
        client.connected(client.builder(environment).ioThreads(clientIoThreads).build())) {
      new BenchRun(settings, ringstore, environment.clock(), spec.commandLine().getOut()).run();
      return CommandLine.ExitCode.OK;
    } catch (NoReachableNodeException unreachable) {
      spec.commandLine().getErr().println("bench: " + unreachable.getMessage());
      return ClientCalls.FAILED;
    }
  }

  private Integer failover() throws InterruptedException {
    FailoverBench bench = new FailoverBench(environment, spec.commandLine().getOut());
    FailoverBench.Request request;
    BenchSettings settings;
    try {
      Fault parsed = Fault.parse(fault);
      request =
          new FailoverBench.Request(
              new FailoverSettings(
                  parsed,
                  faultAtSeconds,
                  healAtSeconds,
                  reportDirectory != null
                      ? reportDirectory
                      : FailoverBench.reportDirectory(environment, parsed)),
              faultPid,
              faultNode == null ? null : HostPort.parse(faultNode),
              failoverBasePort,
              jvmOptions,
              failoverNodes);
      settings =
          settings(
              client.seedsGiven()
                  ? client.seeds(environment)
                  : FailoverBench.localSeeds(failoverBasePort, failoverNodes));
      request.settings().requireFits(settings);
      if (settings.workload() != BenchWorkload.MIX) {
        throw new IllegalArgumentException("--failover runs the mix workload only");
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("bench: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    try {
      if (client.seedsGiven()) {
        bench.runGiven(request, settings, this::newClient);
      } else {
        bench.runLocal(request, settings, this::newClient);
      }
      return CommandLine.ExitCode.OK;
    } catch (IllegalArgumentException | IllegalStateException e) {
      spec.commandLine().getErr().println("bench --failover: " + e.getMessage());
      return ClientCalls.FAILED;
    }
  }

  private RingstoreClient newClient(List<HostPort> nodes) {
    return client.builder(nodes, environment).ioThreads(clientIoThreads).build();
  }

  private BenchSettings settings(List<HostPort> seeds) {
    if (!distribution.equals("uniform") && !distribution.equals("zipfian")) {
      throw new IllegalArgumentException(
          "--distribution is '" + distribution + "', must be uniform or zipfian");
    }
    return new BenchSettings(
        seeds,
        records,
        valueBytes,
        readFraction,
        distribution.equals("zipfian"),
        threads,
        durationSeconds,
        warmupSeconds,
        load,
        seed,
        BenchWorkload.parse(workload));
  }
}
