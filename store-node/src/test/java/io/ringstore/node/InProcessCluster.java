package io.ringstore.node;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.CoordinatorContext;
import io.ringstore.core.coordinator.Handoff;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.storage.log.FsyncPolicy;
import io.ringstore.core.time.SystemClock;
import io.ringstore.node.config.NodeConfig;
import io.ringstore.node.config.NodeSecurity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Three real nodes in one JVM: each a {@link NodeAssembly} with its own log storage, on its own
 * loopback address (127.0.0.1, .2, .3) and a free port, each served through a {@link
 * SilenceableHandler}. Node 1 is every node's seed. {@link #start} returns once every node's ring
 * holds all three.
 */
final class InProcessCluster implements AutoCloseable {
  static final int NODES = 3;
  static final long CONVERGE_TIMEOUT_MILLIS = 15_000;
  static final long SETTLE_TIMEOUT_MILLIS = 90_000;
  static final int REQUEST_TIMEOUT_MILLIS = 1_000;

  private final List<NodeAssembly> nodes = new ArrayList<>();
  private HostPort seed;
  private final NodeSecurity security;

  private InProcessCluster(NodeSecurity security) {
    this.security = security;
  }

  private final List<SilenceableHandler> faults = new ArrayList<>();

  static InProcessCluster start(Path directory) {
    return start(directory, NodeSecurity.NONE);
  }

  /** Three nodes guarding their ports with {@code security}. */
  static InProcessCluster start(Path directory, NodeSecurity security) {
    return start(directory, NODES, security);
  }

  /** {@code count} nodes, N=3, on a trusted network: a fourth node is a stand-in for hints. */
  static InProcessCluster start(Path directory, int count) {
    return start(directory, count, NodeSecurity.NONE);
  }

  private static InProcessCluster start(Path directory, int count, NodeSecurity security) {
    InProcessCluster cluster = new InProcessCluster(security);
    try {
      for (int i = 0; i < count; i++) {
        NodeAssembly node = cluster.startNode(directory, i, cluster.seed);
        cluster.seed =
            cluster.seed != null ? cluster.seed : new HostPort(node.self().host(), node.port());
      }
      // Beyond N nodes, the later ones join by streaming (a ring settle time each), and writes
      // reach the replaced rings' replicas for a settle time more: wait until nothing moves.
      Await.until(
          "every node to know " + count + " members, with no ring change in flight",
          count > RingConfig.defaults().replicationFactor()
              ? SETTLE_TIMEOUT_MILLIS
              : CONVERGE_TIMEOUT_MILLIS,
          () ->
              cluster.nodes.stream()
                  .allMatch(
                      n ->
                          n.ring().members().size() == count
                              && n.membership().pendingRings().isEmpty()));
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private NodeAssembly startNode(Path directory, int index, HostPort seed) {
    NodeAssembly node = assemble(config(directory, index, seed, security), index);
    nodes.add(node);
    return node;
  }

  /** A node of {@code config} whose handler node {@code index}'s silence switch guards. */
  private NodeAssembly assemble(NodeConfig config, int index) {
    return new NodeAssembly(
        config,
        new SystemClock(),
        handler -> {
          SilenceableHandler fault = new SilenceableHandler(handler);
          if (index < faults.size()) {
            faults.set(index, fault);
          } else {
            faults.add(fault);
          }
          return fault;
        });
  }

  /** Starts one more node, seeded by the first: it joins the ring (streaming, if it has N). */
  NodeAssembly addNode(Path directory) {
    return startNode(directory, nodes.size(), seed);
  }

  /** Stops node {@code index} (its port refuses connections) until {@link #restart}. */
  void stop(int index) {
    nodes.get(index).close();
  }

  /** Starts node {@code index} again over its data directory, seeded by the first node. */
  void restart(Path directory, int index) {
    nodes.set(index, assemble(config(directory, index, seed, security), index));
  }

  /** The configuration of node {@code index}: its address, data under {@code directory}. */
  static NodeConfig config(Path directory, int index, HostPort seed) {
    return config(directory, index, seed, NodeSecurity.NONE);
  }

  /** The same, guarded with {@code security}. */
  static NodeConfig config(Path directory, int index, HostPort seed, NodeSecurity security) {
    String host = "127.0.0." + (index + 1);
    return new NodeConfig(
        NodeId.of("node-" + (index + 1)),
        host,
        0,
        seed == null ? List.of() : List.of(seed),
        directory.resolve("node-" + (index + 1)),
        Member.NO_ZONE,
        1.0,
        NODES,
        new QuorumDefaults(2, 2, REQUEST_TIMEOUT_MILLIS),
        FsyncPolicy.NEVER,
        host,
        0,
        security,
        0,
        Handoff.SLOPPY,
        AntiEntropy.Settings.DEFAULTS,
        CoordinatorContext.SIBLINGS_MAX_DEFAULT);
  }

  NodeAssembly node(int index) {
    return nodes.get(index);
  }

  /** How many nodes were started, stopped ones included. */
  int size() {
    return nodes.size();
  }

  /** Node {@code index} drops every request from now on. */
  void silence(int index) {
    faults.get(index).silence();
  }

  /** Node {@code index} serves requests again. */
  void unsilence(int index) {
    faults.get(index).speak();
  }

  /** The index of the node with id {@code id}. */
  int indexOf(NodeId id) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no node " + id);
  }

  /** Every node's address, as client seeds. */
  List<String> seeds() {
    return nodes.stream().map(n -> n.self().host() + ":" + n.port()).toList();
  }

  @Override
  public void close() {
    for (NodeAssembly node : nodes) {
      node.close();
    }
  }
}
