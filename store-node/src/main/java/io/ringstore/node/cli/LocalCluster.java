package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.ring.Ring;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts and stops a local cluster: node processes on 127.0.0.1 (or, for the failover benchmark,
 * node {@code i} on 127.0.0.{@code i}, so that one can be cut off by its address), each with its
 * own port, directory ({@code node.yaml}, {@code data/}, {@code node.log}) under {@code
 * .ringstore/cluster/} (or another root), recorded in a {@link ClusterState} file. A node can be
 * started again with its config and data, as after a crash.
 *
 * <p>Start waits, up to {@link #START_WAIT_MILLIS}, until every node answers a ring request with a
 * ring of all the nodes. Stop sends SIGTERM to exactly the recorded process ids (after checking
 * each still runs a ringstore node, against process id reuse), waits up to {@link
 * #STOP_WAIT_MILLIS}, then SIGKILLs what is left. Nothing is ever stopped by name.
 */
final class LocalCluster {
  static final int NODES_DEFAULT = 3;
  static final int BASE_PORT_DEFAULT = 7001;
  static final String HOST = "127.0.0.1";
  static final long START_WAIT_MILLIS = 60_000;
  static final long STOP_WAIT_MILLIS = 10_000;

  /** Pause between two probes of a node that does not serve yet. */
  static final long PROBE_PAUSE_MILLIS = 100;

  /** Timeout of one probe. */
  static final long PROBE_TIMEOUT_MILLIS = 1_000;

  /**
   * Default JVM options of a node: a fixed heap and the parallel collector. The heap is not
   * pre-touched: touching 1 GiB took 1.6 s of a restart here (issue 9 asks a restarted node to
   * serve within 3 s of its process start), while pages faulted in during a benchmark's warmup cost
   * the steady state nothing. A node allocates short-lived messages and points a large, old index
   * at new versions; under G1 (the default) the concurrent refinement threads and write barriers
   * that pointer churn costs took about a tenth of the node's CPU, while the parallel collector's
   * young pauses on a small live set stay far below the 10 ms p99 target (README, "Measured": 53 to
   * 63 against 72 to 80 us of node CPU per operation in alternating runs).
   */
  static final List<String> NODE_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC");

  /** The main class every node process runs; also how stop recognizes its processes. */
  static final String MAIN_CLASS = "io.ringstore.node.Main";

  private final CliEnvironment environment;
  private final Path root;
  private final boolean hostPerNode;

  /** The cluster of {@code ringstore cluster}: every node on 127.0.0.1. */
  LocalCluster(CliEnvironment environment) {
    this(environment, environment.clusterDirectory(), false);
  }

  /**
   * A cluster recorded in {@code root}; with {@code hostPerNode}, node {@code i} (from 1) listens
   * on 127.0.0.{@code i} and binds its outgoing connections there too.
   */
  LocalCluster(CliEnvironment environment, Path root, boolean hostPerNode) {
    this.environment = environment;
    this.root = root;
    this.hostPerNode = hostPerNode;
  }

  /** The address node {@code index} (from 0) listens on. */
  String host(int index) {
    return hostPerNode ? "127.0.0." + (index + 1) : HOST;
  }

  /**
   * What to start.
   *
   * @param nodes 1 to {@link ClusterState#NODES_MAX}
   * @param basePort the first node's port
   * @param fsync the nodes' fsync policy
   * @param clean delete earlier data first
   * @param jvmOptions extra JVM options of every node
   */
  record StartRequest(
      int nodes, int basePort, String fsync, boolean clean, List<String> jvmOptions) {
    StartRequest {
      if (nodes < 1 || nodes > ClusterState.NODES_MAX) {
        throw new IllegalArgumentException(
            "--nodes is " + nodes + ", must be 1 to " + ClusterState.NODES_MAX);
      }
      if (basePort < 1024
          || basePort + nodes - 1 + ClusterState.ADMIN_PORT_OFFSET > HostPort.PORT_MAX) {
        throw new IllegalArgumentException("--base-port " + basePort + " leaves no room for nodes");
      }
      jvmOptions = List.copyOf(jvmOptions);
    }
  }

  /** Starts the nodes and waits until they serve; throws IllegalStateException if they do not. */
  ClusterState start(StartRequest request, PrintWriter out) {
    refuseIfRunning(root);
    List<ClusterState.NodeProcess> nodes = new ArrayList<>();
    String seeds = host(0) + ":" + request.basePort();
    for (int i = 0; i < request.nodes(); i++) {
      nodes.add(startNode(root, i, request, seeds));
    }
    ClusterState state = new ClusterState(nodes);
    state.write(root);
    for (ClusterState.NodeProcess node : nodes) {
      out.println(
          "started "
              + node.id()
              + " on "
              + node.address()
              + " (pid "
              + node.pid()
              + ", admin "
              + node.adminUrl()
              + ")");
    }
    out.flush();
    awaitServing(state, request.nodes());
    return state;
  }

  private void refuseIfRunning(Path root) {
    Optional<ClusterState> earlier = ClusterState.read(root);
    if (earlier.isPresent()) {
      List<Long> alive =
          earlier.get().nodes().stream()
              .map(ClusterState.NodeProcess::pid)
              .filter(pid -> nodeProcess(pid).isPresent())
              .toList();
      if (!alive.isEmpty()) {
        throw new IllegalStateException(
            "a local cluster is running (pids " + alive + "); run 'ringstore cluster stop' first");
      }
    }
  }

  private ClusterState.NodeProcess startNode(
      Path root, int index, StartRequest request, String seeds) {
    String id = "node-" + (index + 1);
    int port = request.basePort() + index;
    Path directory = root.resolve(id).toAbsolutePath();
    try {
      if (request.clean()) {
        deleteRecursively(directory.resolve("data"));
      }
      Files.createDirectories(directory);
      Path config = directory.resolve("node.yaml");
      String host = host(index);
      Files.writeString(
          config, yaml(id, host, port, seeds, directory, request), StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder(command(config, request.jvmOptions()))
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("node.log").toFile())
              .start();
      return new ClusterState.NodeProcess(id, host, port, process.pid(), directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + id + " in " + directory, e);
    }
  }

  private static String yaml(
      String id, String host, int port, String seeds, Path directory, StartRequest request) {
    int n = Math.min(3, request.nodes());
    int quorum = n / 2 + 1;
    return String.join(
        "\n",
        "# written by 'ringstore cluster start'",
        "node-id: " + id,
        "host: " + host,
        "port: " + port,
        "admin-host: " + host,
        "admin-port: " + (port + ClusterState.ADMIN_PORT_OFFSET),
        "seeds: [" + seeds + "]",
        "data-dir: " + directory.resolve("data"),
        "replication-factor: " + n,
        "read-replicas: " + quorum,
        "write-replicas: " + quorum,
        "fsync: " + request.fsync(),
        "");
  }

  private List<String> command(Path config, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(environment.javaCommand());
    command.addAll(NODE_JVM_OPTIONS);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", environment.classPath(), MAIN_CLASS, "node"));
    command.addAll(List.of("--config", config.toString()));
    return command;
  }

  private void awaitServing(ClusterState state, int members) {
    long deadlineNanos =
        environment.clock().monotonicNanos() + TimeUnit.MILLISECONDS.toNanos(START_WAIT_MILLIS);
    try (NodeProbe probe = new NodeProbe()) {
      for (ClusterState.NodeProcess node : state.nodes()) {
        awaitNode(probe, node, members, deadlineNanos);
      }
    }
  }

  private void awaitNode(
      NodeProbe probe, ClusterState.NodeProcess node, int members, long deadlineNanos) {
    String lastAnswer = "no answer";
    while (true) {
      Optional<Ring> ring = probe.ring(node.address(), PROBE_TIMEOUT_MILLIS);
      if (ring.isPresent() && ring.get().members().size() == members) {
        return;
      }
      lastAnswer = ring.map(r -> "a ring of " + r.members().size()).orElse(lastAnswer);
      if (nodeProcess(node.pid()).isEmpty()) {
        throw new IllegalStateException(
            node.id() + " exited; see " + node.directory().resolve("node.log"));
      }
      if (environment.clock().monotonicNanos() > deadlineNanos) {
        throw new IllegalStateException(
            node.id()
                + " did not serve a ring of "
                + members
                + " nodes within "
                + START_WAIT_MILLIS
                + " ms (last answer: "
                + lastAnswer
                + "); see "
                + node.directory().resolve("node.log")
                + " and run 'ringstore cluster stop'");
      }
      ClientCalls.pause(PROBE_PAUSE_MILLIS);
    }
  }

  /**
   * Starts one more node beside a running local cluster: node-{N+1} on 127.0.0.{N+1}, the next
   * port, seeded by node-1, with the cluster's replication factor and quorums (from node-1's {@code
   * node.yaml}) and {@code fsync}; records it with the others and returns it once it answers. It
   * joins the ring by gossip: on a ring of N or more members it announces JOINING, receives its
   * ranges and only then becomes NORMAL ({@code ringstore status} shows which).
   *
   * @throws IllegalStateException if no cluster is recorded or running, it is full, or the new node
   *     does not answer
   */
  ClusterState.NodeProcess add(String fsync, List<String> jvmOptions, PrintWriter out) {
    ClusterState state =
        ClusterState.read(root)
            .orElseThrow(
                () -> new IllegalStateException("no local cluster is recorded; start one first"));
    int index = state.nodes().size();
    if (index >= ClusterState.NODES_MAX) {
      throw new IllegalStateException(
          "the local cluster has " + index + " nodes, the most it may have");
    }
    ClusterState.NodeProcess first = state.nodes().get(0);
    if (nodeProcess(first.pid()).isEmpty()) {
      throw new IllegalStateException(first.id() + " is not running: start the cluster first");
    }
    String id = "node-" + (index + 1);
    String host = host(index);
    int port = first.port() + index;
    Path directory = root.resolve(id).toAbsolutePath();
    try {
      deleteRecursively(directory.resolve("data"));
      Files.createDirectories(directory);
      Path config = directory.resolve("node.yaml");
      Files.writeString(
          config,
          addedYaml(
              first.directory().resolve("node.yaml"), id, host, port, first, directory, fsync),
          StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder(command(config, jvmOptions))
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("node.log").toFile())
              .start();
      ClusterState.NodeProcess added =
          new ClusterState.NodeProcess(id, host, port, process.pid(), directory);
      List<ClusterState.NodeProcess> nodes = new ArrayList<>(state.nodes());
      nodes.add(added);
      new ClusterState(nodes).write(root);
      out.println(
          "started " + id + " on " + added.address() + " (pid " + added.pid() + "); it joins");
      out.flush();
      try (NodeProbe probe = new NodeProbe()) {
        long deadlineNanos =
            environment.clock().monotonicNanos() + TimeUnit.MILLISECONDS.toNanos(START_WAIT_MILLIS);
        while (!probe.answersPing(added.address(), PROBE_TIMEOUT_MILLIS)) {
          if (nodeProcess(added.pid()).isEmpty()
              || environment.clock().monotonicNanos() > deadlineNanos) {
            throw new IllegalStateException(
                id + " did not answer; see " + directory.resolve("node.log"));
          }
          ClientCalls.pause(PROBE_PAUSE_MILLIS);
        }
      }
      return added;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + id + " in " + directory, e);
    }
  }

  /** node-1's configuration with the added node's identity, address, data and fsync. */
  private static String addedYaml(
      Path firstConfig,
      String id,
      String host,
      int port,
      ClusterState.NodeProcess first,
      Path directory,
      String fsync)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("# written by 'ringstore cluster add'");
    lines.add("node-id: " + id);
    lines.add("host: " + host);
    lines.add("port: " + port);
    lines.add("admin-host: " + host);
    lines.add("admin-port: " + (port + ClusterState.ADMIN_PORT_OFFSET));
    lines.add("seeds: [" + first.address() + "]");
    lines.add("data-dir: " + directory.resolve("data"));
    lines.add("fsync: " + fsync);
    for (String line : Files.readAllLines(firstConfig, StandardCharsets.UTF_8)) {
      if (line.startsWith("replication-factor:")
          || line.startsWith("read-replicas:")
          || line.startsWith("write-replicas:")) {
        lines.add(line);
      }
    }
    lines.add("");
    return String.join("\n", lines);
  }

  /**
   * Starts {@code node} (no longer running) again with its config and data directory, appending to
   * its log; records its new process id and returns it. Does not wait for it to serve.
   */
  ClusterState.NodeProcess restart(ClusterState.NodeProcess node, List<String> jvmOptions) {
    if (nodeProcess(node.pid()).isPresent()) {
      throw new IllegalStateException(node.id() + " still runs as pid " + node.pid());
    }
    Path log = node.directory().resolve("node.log");
    try {
      Process process =
          new ProcessBuilder(command(node.directory().resolve("node.yaml"), jvmOptions))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      ClusterState.NodeProcess restarted =
          new ClusterState.NodeProcess(
              node.id(), node.host(), node.port(), process.pid(), node.directory());
      record(restarted);
      return restarted;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + node.id() + " again", e);
    }
  }

  private synchronized void record(ClusterState.NodeProcess restarted) {
    ClusterState state =
        ClusterState.read(root)
            .orElseThrow(() -> new IllegalStateException("no cluster is recorded in " + root));
    List<ClusterState.NodeProcess> nodes = new ArrayList<>();
    for (ClusterState.NodeProcess node : state.nodes()) {
      nodes.add(node.id().equals(restarted.id()) ? restarted : node);
    }
    new ClusterState(nodes).write(root);
  }

  /**
   * SIGKILLs every process recorded in {@code root} that still runs, by its recorded pid (never by
   * name); leaves the state file. For a bench's shutdown hook and tests cleaning up after a
   * failure.
   */
  static void killRecorded(Path root) {
    ClusterState.read(root)
        .ifPresent(
            state ->
                state
                    .nodes()
                    .forEach(
                        node -> nodeProcess(node.pid()).ifPresent(ProcessHandle::destroyForcibly)));
  }

  /** Stops the recorded processes: SIGTERM, a bounded wait, then SIGKILL; forgets the state. */
  void stop(PrintWriter out) {
    Optional<ClusterState> state = ClusterState.read(root);
    if (state.isEmpty()) {
      out.println("no local cluster is recorded in " + root);
      out.flush();
      return;
    }
    List<ProcessHandle> stopping = new ArrayList<>();
    for (ClusterState.NodeProcess node : state.get().nodes()) {
      Optional<ProcessHandle> process = nodeProcess(node.pid());
      if (process.isPresent()) {
        process.get().destroy();
        stopping.add(process.get());
      }
      out.println((process.isPresent() ? "stopping " : "already gone: ") + node.id());
    }
    for (ProcessHandle process : stopping) {
      awaitExit(process, out);
    }
    ClusterState.delete(root);
    out.println("stopped; data stays in " + root + " (cluster start --clean deletes it)");
    out.flush();
  }

  private static void awaitExit(ProcessHandle process, PrintWriter out) {
    CompletableFuture<ProcessHandle> exit = process.onExit();
    try {
      exit.get(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception notYet) {
      out.println("pid " + process.pid() + " ignored SIGTERM; sending SIGKILL");
      process.destroyForcibly();
      exit.completeOnTimeout(process, STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS).join();
    }
  }

  /** The process {@code pid} if it is alive and runs a ringstore node. */
  static Optional<ProcessHandle> nodeProcess(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(LocalCluster::runsMainClass);
  }

  /**
   * Whether the process runs the node's main class (a reused pid does not). Reads Linux's {@code
   * /proc/<pid>/cmdline} whole: the JDK's {@code ProcessHandle.Info.commandLine()} gave only the
   * executable for a node started with a class path of about 4 KB (a test class path with the
   * Kubernetes model on it), and the node was taken for gone.
   */
  private static boolean runsMainClass(ProcessHandle handle) {
    Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
    if (Files.isReadable(cmdline)) {
      try {
        return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(MAIN_CLASS);
      } catch (IOException gone) {
        return false;
      }
    }
    return handle.info().commandLine().map(line -> line.contains(MAIN_CLASS)).orElse(true);
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
      for (Path path : all) {
        Files.delete(path);
      }
    }
  }
}
