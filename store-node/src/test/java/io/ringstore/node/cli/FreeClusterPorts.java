package io.ringstore.node.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A base port for a local cluster of processes that is free now (a race with other processes
 * remains): node {@code i} takes {@code base + i} and its admin endpoint {@code base + i +} {@link
 * ClusterState#ADMIN_PORT_OFFSET}, on 127.0.0.1 or, with a host per node, on 127.0.0.{@code i + 1}.
 * Bases are drawn below the kernel's ephemeral range (32768 and up), where outgoing connections do
 * not take ports, starting from a free ephemeral port as a varying seed.
 */
final class FreeClusterPorts {
  static final int ATTEMPTS_MAX = 50;
  static final int LOWEST = 10_000;
  static final int SPREAD = 20_000;

  private FreeClusterPorts() {}

  static int base(int nodes, boolean hostPerNode) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
      int seed;
      try (ServerSocket probe = new ServerSocket(0)) {
        seed = probe.getLocalPort();
      }
      int base = LOWEST + Math.floorMod(seed * 31 + attempt * 997, SPREAD);
      if (allFree(base, nodes, hostPerNode)) {
        return base;
      }
    }
    throw new IllegalStateException("no free ports for " + nodes + " nodes and their admin ports");
  }

  private static boolean allFree(int base, int nodes, boolean hostPerNode) throws IOException {
    for (int i = 0; i < nodes; i++) {
      InetAddress host = InetAddress.getByName(hostPerNode ? "127.0.0." + (i + 1) : "127.0.0.1");
      if (!free(host, base + i) || !free(host, base + i + ClusterState.ADMIN_PORT_OFFSET)) {
        return false;
      }
    }
    return true;
  }

  private static boolean free(InetAddress host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
