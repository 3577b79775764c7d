package io.ringstore.client.netty;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a connection goes: a name for messages and logs (a node id, or "seed") and the host and
 * port the node listens on. Two endpoints are one connection exactly when all three are equal.
 *
 * @param name names the node in error messages
 * @param host a host name or an IP address literal
 * @param port 0 to 65535
 */
public record Endpoint(String name, String host, int port) {
  private static final int PORT_MAX = 65_535;

  /** Checks the arguments. */
  public Endpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > PORT_MAX) {
      throw new IllegalArgumentException("endpoint " + name + ": port " + port + " is not 0-65535");
    }
  }

  /**
   * The address to connect to, unresolved: Netty's resolver resolves it when connecting, so a
   * caller never resolves a host name on its own thread.
   */
  public InetSocketAddress address() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public String toString() {
    return name + " at " + host + ":" + port;
  }
}
