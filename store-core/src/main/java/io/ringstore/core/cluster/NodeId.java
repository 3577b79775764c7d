package io.ringstore.core.cluster;

/**
 * The stable name of a physical node, chosen by the operator ({@code node-1}, {@code db-eu-3}). It
 * identifies the node on the ring, in vector clocks and on the wire, so it is short, printable and
 * never reused for a different node.
 */
public record NodeId(String value) implements Comparable<NodeId> {
  /** Longest node id accepted, in characters; it travels in every vector clock. */
  public static final int LENGTH_MAX = 64;

  public NodeId {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("node id must not be empty");
    }
    if (value.length() > LENGTH_MAX) {
      throw new IllegalArgumentException(
          "node id '" + value + "' is longer than " + LENGTH_MAX + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (!isAllowed(value.charAt(i))) {
        throw new IllegalArgumentException(
            "node id '" + value + "' may hold only letters, digits, '.', '_' and '-'");
      }
    }
  }

  /** Shorthand for {@code new NodeId(value)}. */
  public static NodeId of(String value) {
    return new NodeId(value);
  }

  private static boolean isAllowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }

  @Override
  public int compareTo(NodeId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
