package io.ringstore.core.cluster;

/**
 * A physical node as the ring sees it: its id, where it listens, the zone it runs in (a rack or an
 * availability zone; empty when zones are not used) and its capacity weight. A node of weight 2
 * owns twice the virtual nodes, hence about twice the data, of a node of weight 1.
 */
public record Member(NodeId id, String host, int port, String zone, double weight) {
  /** Largest capacity weight accepted; bounds the virtual nodes one member may own. */
  public static final double WEIGHT_MAX = 64.0;

  /** The zone of a member whose operator configured none. */
  public static final String NO_ZONE = "";

  public Member {
    requireNonNull(id, "id");
    requireNonNull(host, "host");
    requireNonNull(zone, "zone");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("member " + id + ": port " + port + " is not 0-65535");
    }
    if (!(weight > 0 && weight <= WEIGHT_MAX)) {
      throw new IllegalArgumentException(
          "member " + id + ": weight " + weight + " must be above 0 and at most " + WEIGHT_MAX);
    }
  }

  /** A member of weight 1 in no zone, listening on {@code host:port}. */
  public static Member of(String id, String host, int port) {
    return new Member(NodeId.of(id), host, port, NO_ZONE, 1.0);
  }

  /** This member with another zone. */
  public Member inZone(String newZone) {
    return new Member(id, host, port, newZone, weight);
  }

  /** This member with another capacity weight. */
  public Member withWeight(double newWeight) {
    return new Member(id, host, port, zone, newWeight);
  }

  /** Whether the operator placed this member in a zone. */
  public boolean hasZone() {
    return !zone.isEmpty();
  }

  private static void requireNonNull(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("member field '" + field + "' must not be null");
    }
  }
}
