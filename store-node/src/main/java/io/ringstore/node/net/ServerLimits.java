package io.ringstore.node.net;

/**
 * What one server lets its connections take.
 *
 * @param connectionsMax open connections at most; the next is closed at once
 * @param inFlightPerConnectionMax requests one connection may have unanswered; the next is answered
 *     {@code OVERLOADED} (a node sends at most 4,096 to another, its own bound)
 * @param frameDeadlineMillis how long a frame may take from its first byte to its last (checked
 *     once per deadline, so one to two deadlines); a connection that dribbles one in slower
 *     (slowloris) is closed
 */
public record ServerLimits(
    int connectionsMax, int inFlightPerConnectionMax, long frameDeadlineMillis) {
  /** Default connection cap. */
  public static final int CONNECTIONS_MAX_DEFAULT = 4_096;

  /** Default in-flight bound per connection: a peer's own bound per node. */
  public static final int IN_FLIGHT_PER_CONNECTION_MAX_DEFAULT = 4_096;

  /** Default frame deadline: a 16 MiB value at well under 2 MB/s still arrives. */
  public static final long FRAME_DEADLINE_MILLIS_DEFAULT = 10_000;

  /** Checks that every bound is positive. */
  public ServerLimits {
    if (connectionsMax < 1 || inFlightPerConnectionMax < 1 || frameDeadlineMillis < 1) {
      throw new IllegalArgumentException(
          "server limits must be positive: connectionsMax "
              + connectionsMax
              + ", inFlightPerConnectionMax "
              + inFlightPerConnectionMax
              + ", frameDeadlineMillis "
              + frameDeadlineMillis);
    }
  }

  /** The defaults. */
  public static ServerLimits defaults() {
    return new ServerLimits(
        CONNECTIONS_MAX_DEFAULT,
        IN_FLIGHT_PER_CONNECTION_MAX_DEFAULT,
        FRAME_DEADLINE_MILLIS_DEFAULT);
  }
}
