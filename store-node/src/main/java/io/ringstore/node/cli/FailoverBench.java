package io.ringstore.node.cli;

import io.ringstore.client.RingstoreClient;
import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.wire.NodeInfoResponse;
import io.ringstore.node.bench.BenchSettings;
import io.ringstore.node.bench.CommandRunner;
import io.ringstore.node.bench.FailoverRun;
import io.ringstore.node.bench.FailoverSettings;
import io.ringstore.node.bench.Fault;
import io.ringstore.node.bench.FaultDriver;
import io.ringstore.node.bench.HintsWatch;
import io.ringstore.node.bench.KillFault;
import io.ringstore.node.bench.MemberStateWatch;
import io.ringstore.node.bench.PartitionFault;
import io.ringstore.node.bench.PauseFault;
import io.ringstore.node.bench.SystemCommandRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code ringstore bench --failover}: picks the node to fault and its {@link FaultDriver}, and runs
 * a {@link FailoverRun} on either
 *
 * <ul>
 *   <li>a local cluster of {@link #NODES} nodes (or {@code --failover-nodes}; from four on, every
 *       key has a stand-in for hinted handoff) it starts itself in {@code
 *       .ringstore/failover/cluster} (node {@code i} on 127.0.0.{@code i}, fresh data, fsync
 *       always) and stops at the end by process id, also from a JVM shutdown hook; the last node is
 *       faulted; or
 *   <li>the cluster named by {@code --seeds}: the node {@code --fault-node} (default the last seed)
 *       is faulted; pause needs its {@code --fault-pid}; kill is refused (this run cannot start
 *       again a node it did not start).
 * </ul>
 */
final class FailoverBench {
  /** Nodes of the local failover cluster by default. */
  static final int NODES = 3;

  /** Fewest nodes of a local failover cluster: N. */
  static final int NODES_MIN = 3;

  /** Most nodes of a local failover cluster, on 127.0.0.1 to 127.0.0.9. */
  static final int NODES_MAX = 9;

  static final int BASE_PORT_DEFAULT = 7201;
  static final long PROBE_TIMEOUT_MILLIS = 1_000;

  /**
   * What the failover flags asked for.
   *
   * @param settings the fault, its instants and the report directory
   * @param faultPid the process id of the node to pause, for a cluster given by {@code --seeds}
   * @param faultNode the node to fault in a cluster given by {@code --seeds}; null for the last
   *     seed
   * @param basePort the first port of the local cluster
   * @param jvmOptions extra JVM options of the local cluster's nodes, restarts included
   * @param nodes the local cluster's size, {@link #NODES_MIN} to {@link #NODES_MAX}
   */
  record Request(
      FailoverSettings settings,
      Long faultPid,
      HostPort faultNode,
      int basePort,
      List<String> jvmOptions,
      int nodes) {
    Request {
      jvmOptions = List.copyOf(jvmOptions);
      if (nodes < NODES_MIN || nodes > NODES_MAX) {
        throw new IllegalArgumentException(
            "--failover-nodes must be " + NODES_MIN + " to " + NODES_MAX + ", not " + nodes);
      }
    }
  }

  private final CliEnvironment environment;
  private final PrintWriter out;
  private final CommandRunner commands = new SystemCommandRunner();

  FailoverBench(CliEnvironment environment, PrintWriter out) {
    this.environment = environment;
    this.out = out;
  }

  /** Where the local failover cluster lives. */
  static Path clusterRoot(CliEnvironment environment) {
    return environment.home().resolve(".ringstore").resolve("failover").resolve("cluster");
  }

  /** The default report directory of {@code fault}. */
  static Path reportDirectory(CliEnvironment environment, Fault fault) {
    return environment.home().resolve(".ringstore").resolve("failover").resolve(fault.flagValue());
  }

  /** The addresses the local failover cluster's nodes will listen on. */
  static List<HostPort> localSeeds(int basePort, int nodes) {
    List<HostPort> seeds = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      seeds.add(new HostPort("127.0.0." + (i + 1), basePort + i));
    }
    return seeds;
  }

  /** Starts a local cluster, runs, stops it. */
  void runLocal(
      Request request, BenchSettings bench, Function<List<HostPort>, RingstoreClient> clients)
      throws InterruptedException {
    if (request.faultPid() != null || request.faultNode() != null) {
      throw new IllegalArgumentException(
          "--fault-pid and --fault-node are for a cluster given by --seeds");
    }
    if (request.settings().fault() == Fault.PARTITION) {
      new PartitionFault("127.0.0." + request.nodes(), commands).preflight();
    }
    LocalCluster cluster = new LocalCluster(environment, clusterRoot(environment), true);
    Thread stopOnExit =
        new Thread(() -> LocalCluster.killRecorded(clusterRoot(environment)), "bench-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      ClusterState state =
          cluster.start(
              new LocalCluster.StartRequest(
                  request.nodes(), request.basePort(), "always", true, request.jvmOptions()),
              out);
      ClusterState.NodeProcess faulted = state.nodes().get(request.nodes() - 1);
      FaultDriver driver = localDriver(request, cluster, faulted);
      run(
          request,
          bench,
          clients,
          state.seeds(),
          faulted.address(),
          new NodeId(faulted.id()),
          driver);
    } finally {
      cluster.stop(out);
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    }
  }

  private FaultDriver localDriver(
      Request request, LocalCluster cluster, ClusterState.NodeProcess node) {
    return switch (request.settings().fault()) {
      case KILL ->
          new KillFault(node.pid(), () -> cluster.restart(node, request.jvmOptions()).pid());
      case PAUSE -> new PauseFault(node.pid(), commands);
      case PARTITION -> new PartitionFault(node.host(), commands);
    };
  }

  /** Runs against the cluster at {@code seeds}. */
  void runGiven(
      Request request, BenchSettings bench, Function<List<HostPort>, RingstoreClient> clients)
      throws InterruptedException {
    if (!request.jvmOptions().isEmpty()) {
      throw new IllegalArgumentException("--jvm-option is for the local cluster, not --seeds");
    }
    List<HostPort> seeds = bench.seeds();
    HostPort faulted =
        request.faultNode() != null ? request.faultNode() : seeds.get(seeds.size() - 1);
    if (!seeds.contains(faulted)) {
      throw new IllegalArgumentException(
          "--fault-node " + faulted + " is not among --seeds " + seeds);
    }
    FaultDriver driver = givenDriver(request, faulted);
    driver.preflight();
    run(request, bench, clients, seeds, faulted, nodeId(faulted), driver);
  }

  private FaultDriver givenDriver(Request request, HostPort faulted) {
    return switch (request.settings().fault()) {
      case KILL ->
          throw new IllegalArgumentException(
              "--fault kill with --seeds: this run cannot start again a node it did not start;"
                  + " omit --seeds (a local cluster is started) or use --fault pause|partition");
      case PAUSE -> {
        if (request.faultPid() == null) {
          throw new IllegalArgumentException(
              "--fault pause with --seeds needs --fault-pid, the process id of " + faulted);
        }
        if (LocalCluster.nodeProcess(request.faultPid()).isEmpty()) {
          throw new IllegalArgumentException(
              "--fault-pid " + request.faultPid() + " is not a running ringstore node");
        }
        yield new PauseFault(request.faultPid(), commands);
      }
      case PARTITION -> new PartitionFault(faulted.host(), commands);
    };
  }

  private static NodeId nodeId(HostPort node) {
    try (NodeProbe probe = new NodeProbe()) {
      Optional<NodeId> id =
          probe
              .ring(node, PROBE_TIMEOUT_MILLIS)
              .flatMap(
                  ring ->
                      ring.members().stream()
                          .filter(m -> m.host().equals(node.host()) && m.port() == node.port())
                          .map(Member::id)
                          .findFirst());
      return id.orElseThrow(
          () ->
              new IllegalStateException(node + " did not name itself in its ring; is it a node?"));
    }
  }

  private void run(
      Request request,
      BenchSettings bench,
      Function<List<HostPort>, RingstoreClient> clients,
      List<HostPort> nodes,
      HostPort faulted,
      NodeId faultedId,
      FaultDriver driver)
      throws InterruptedException {
    FailoverSettings settings = request.settings();
    String title =
        String.format(
            java.util.Locale.ROOT,
            "ringstore failover: %s %s (%s) at %d s, heal at %d s; %d nodes, %d threads, reads %.2f",
            settings.fault().flagValue(),
            faultedId.value(),
            faulted,
            settings.faultAtSeconds(),
            settings.healAtSeconds(),
            nodes.size(),
            bench.threads(),
            bench.readFraction());
    out.println(title);
    out.println("fault: " + driver.describe());
    try (NodeMemberStateProbe states = new NodeMemberStateProbe();
        NodeProbe hintCounts = new NodeProbe();
        RingstoreClient client = clients.apply(nodes)) {
      MemberStateWatch watch = new MemberStateWatch(states, nodes, faulted, faultedId);
      HintsWatch hints = new HintsWatch(() -> hintsHeld(hintCounts, nodes));
      new FailoverRun(
              bench,
              settings,
              client,
              environment.clock(),
              out,
              new FailoverRun.Target(driver, watch, title, hints))
          .run();
    } finally {
      driver.close();
    }
  }

  /**
   * The hints the nodes that answer hold together (a killed node holds none it could replay), or
   * {@link HintsWatch#UNKNOWN} if none answers.
   */
  private static long hintsHeld(NodeProbe probe, List<HostPort> nodes) {
    long held = 0;
    int answered = 0;
    for (HostPort node : nodes) {
      Optional<String> count =
          probe
              .info(node, PROBE_TIMEOUT_MILLIS)
              .flatMap(
                  info ->
                      info.fields().stream()
                          .filter(field -> field.name().equals("hints_held"))
                          .map(NodeInfoResponse.Field::value)
                          .findFirst());
      if (count.isPresent()) {
        answered++;
        held += Long.parseLong(count.get());
      }
    }
    return answered == 0 ? HintsWatch.UNKNOWN : held;
  }

  /** SIGKILLs the recorded processes of the cluster in {@code root}, by process id only. */
}
