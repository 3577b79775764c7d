package io.ringstore.core.cluster;

/**
 * Where a node listens, as an operator writes it: {@code host:port}. Seeds are given this way,
 * before their node ids are known.
 *
 * @param host a host name or an IPv4 address literal, not empty
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {
  /** Highest TCP port. */
  public static final int PORT_MAX = 65_535;

  /** Rejects an empty host or a port outside 1 to 65535. */
  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty (write host:port)");
    }
    if (port < 1 || port > PORT_MAX) {
      throw new IllegalArgumentException("port " + port + " is not 1-" + PORT_MAX);
    }
  }

  /**
   * Parses {@code host:port}.
   *
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static HostPort parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    int colon = trimmed.lastIndexOf(':');
    if (colon <= 0 || colon == trimmed.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not host:port (e.g. 127.0.0.1:7000)");
    }
    int port;
    try {
      port = Integer.parseInt(trimmed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has a port that is not a number", e);
    }
    try {
      return new HostPort(trimmed.substring(0, colon), port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
    }
  }

  /** Whether {@code member} listens here. */
  public boolean isAddressOf(Member member) {
    return host.equals(member.host()) && port == member.port();
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
