package io.ringstore.node.cli;

import io.ringstore.core.cluster.HostPort;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code ringstore cluster start} leaves behind for {@code stop} and the client commands: each
 * node's id, port, process id and directory, in {@code .ringstore/cluster/cluster.properties}.
 *
 * @param nodes the nodes started, in order
 */
record ClusterState(List<NodeProcess> nodes) {
  /** The state file's name in the cluster directory. */
  static final String FILE_NAME = "cluster.properties";

  /** Most nodes a local cluster may have. */
  static final int NODES_MAX = 9;

  /** A local node's admin port is its port plus this (node port 7001, admin port 8001). */
  static final int ADMIN_PORT_OFFSET = 1000;

  /**
   * One node process.
   *
   * @param id the node id
   * @param host the address it listens on
   * @param port the port it listens on
   * @param pid its process id
   * @param directory its directory (config, data, log)
   */
  record NodeProcess(String id, String host, int port, long pid, Path directory) {
    HostPort address() {
      return new HostPort(host, port);
    }

    /** The node's admin endpoint: metrics, health and the ring over HTTP. */
    String adminUrl() {
      return "http://" + host + ":" + (port + ADMIN_PORT_OFFSET) + "/";
    }
  }

  ClusterState {
    nodes = List.copyOf(nodes);
  }

  /** The nodes' addresses, the seeds of every client command. */
  List<HostPort> seeds() {
    return nodes.stream().map(NodeProcess::address).toList();
  }

  /** The state in {@code directory}, if a cluster was started there and not stopped. */
  static Optional<ClusterState> read(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    int count = Integer.parseInt(properties.getProperty("nodes", "0"));
    if (count < 0 || count > NODES_MAX) {
      throw new IllegalStateException(file + " names " + count + " nodes; delete it and retry");
    }
    List<NodeProcess> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String prefix = "node." + i + ".";
      nodes.add(
          new NodeProcess(
              properties.getProperty(prefix + "id"),
              properties.getProperty(prefix + "host"),
              Integer.parseInt(properties.getProperty(prefix + "port")),
              Long.parseLong(properties.getProperty(prefix + "pid")),
              Path.of(properties.getProperty(prefix + "dir"))));
    }
    return Optional.of(new ClusterState(nodes));
  }

  /** Writes this state to {@code directory}, replacing what was there. */
  void write(Path directory) {
    Properties properties = new Properties();
    properties.setProperty("nodes", Integer.toString(nodes.size()));
    for (int i = 0; i < nodes.size(); i++) {
      NodeProcess node = nodes.get(i);
      String prefix = "node." + i + ".";
      properties.setProperty(prefix + "id", node.id());
      properties.setProperty(prefix + "host", node.host());
      properties.setProperty(prefix + "port", Integer.toString(node.port()));
      properties.setProperty(prefix + "pid", Long.toString(node.pid()));
      properties.setProperty(prefix + "dir", node.directory().toString());
    }
    try {
      Files.createDirectories(directory);
      try (Writer writer =
          Files.newBufferedWriter(directory.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
        properties.store(writer, "ringstore local cluster: written by 'cluster start'");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cluster state in " + directory, e);
    }
  }

  /** Deletes the state file in {@code directory}. */
  static void delete(Path directory) {
    try {
      Files.deleteIfExists(directory.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the cluster state in " + directory, e);
    }
  }
}
