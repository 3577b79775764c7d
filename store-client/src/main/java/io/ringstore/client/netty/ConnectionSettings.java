package io.ringstore.client.netty;

import io.netty.handler.ssl.SslContext;
import io.ringstore.core.wire.FrameLimits;
import java.util.Objects;

/**
 * How {@link MultiplexedConnection}s and the {@link ConnectionPool} behave: frame bounds, connect
 * timeout, the in-flight bound per connection, the reconnect backoff, TLS and credentials.
 *
 * @param frameLimits bounds of every frame sent and received
 * @param connectTimeoutMillis how long opening a connection may take, 1 to {@link
 *     #CONNECT_TIMEOUT_MILLIS_MAX}
 * @param inFlightMax requests one connection holds unanswered (sent or queued) before it refuses
 *     more with {@link InFlightLimitException}, 1 to {@link #IN_FLIGHT_MAX_CEILING}
 * @param backoffMinMillis how long the pool waits before reconnecting after a first failed connect;
 *     doubled after each further failure
 * @param backoffMaxMillis the longest such wait, at least {@code backoffMinMillis} and at most
 *     {@link #BACKOFF_MILLIS_CEILING}
 * @param ssl the TLS context of every connection (trusted authorities, and this side's certificate
 *     for mutual TLS), or null for plain TCP
 * @param credentials the identity and secret every connection authenticates with by challenge
 *     before its first request, or null for none
 * @param localHost the address outgoing connections are bound to (any free port), or null to let
 *     the system choose; a node sets its own listen address so that its peers, and packet filters,
 *     see its connections come from it (on loopback the system would pick 127.0.0.1 for every node)
 */
public record ConnectionSettings(
    FrameLimits frameLimits,
    int connectTimeoutMillis,
    int inFlightMax,
    long backoffMinMillis,
    long backoffMaxMillis,
    String localHost,
    SslContext ssl,
    Credentials credentials) {
  /** Default connect timeout. */
  public static final int CONNECT_TIMEOUT_MILLIS_DEFAULT = 3_000;

  /** Longest connect timeout accepted. */
  public static final int CONNECT_TIMEOUT_MILLIS_MAX = 60_000;

  /**
   * Default in-flight bound per connection: far above what a node answers within a request timeout
   * at the target rate (25,000 ops/s over 3 nodes at a few ms each is under 100 in flight), low
   * enough that a stalled node costs bounded memory.
   */
  public static final int IN_FLIGHT_MAX_DEFAULT = 4_096;

  /** Largest in-flight bound accepted. */
  public static final int IN_FLIGHT_MAX_CEILING = 1 << 20;

  /** Default first reconnect backoff. */
  public static final long BACKOFF_MIN_MILLIS_DEFAULT = 50;

  /** Default longest reconnect backoff. */
  public static final long BACKOFF_MAX_MILLIS_DEFAULT = 2_000;

  /** Longest reconnect backoff accepted. */
  public static final long BACKOFF_MILLIS_CEILING = 60_000;

  /** Checks every bound, naming the argument that breaks one. */
  public ConnectionSettings {
    Objects.requireNonNull(frameLimits, "frameLimits");
    requireInRange("connectTimeoutMillis", connectTimeoutMillis, 1, CONNECT_TIMEOUT_MILLIS_MAX);
    requireInRange("inFlightMax", inFlightMax, 1, IN_FLIGHT_MAX_CEILING);
    requireInRange("backoffMinMillis", backoffMinMillis, 1, BACKOFF_MILLIS_CEILING);
    requireInRange("backoffMaxMillis", backoffMaxMillis, backoffMinMillis, BACKOFF_MILLIS_CEILING);
    if (localHost != null && localHost.isBlank()) {
      throw new IllegalArgumentException("localHost must be null or an address, not blank");
    }
  }

  /**
   * The defaults: default frame limits, 3 s connect timeout, 4096 in flight, 50 ms to 2 s backoff.
   */
  public static ConnectionSettings defaults() {
    return new ConnectionSettings(
        FrameLimits.defaults(),
        CONNECT_TIMEOUT_MILLIS_DEFAULT,
        IN_FLIGHT_MAX_DEFAULT,
        BACKOFF_MIN_MILLIS_DEFAULT,
        BACKOFF_MAX_MILLIS_DEFAULT,
        null,
        null,
        null);
  }

  /** These settings with another in-flight bound. */
  public ConnectionSettings withInFlightMax(int max) {
    return new ConnectionSettings(
        frameLimits,
        connectTimeoutMillis,
        max,
        backoffMinMillis,
        backoffMaxMillis,
        localHost,
        ssl,
        credentials);
  }

  /** These settings with another connect timeout. */
  public ConnectionSettings withConnectTimeoutMillis(int millis) {
    return new ConnectionSettings(
        frameLimits,
        millis,
        inFlightMax,
        backoffMinMillis,
        backoffMaxMillis,
        localHost,
        ssl,
        credentials);
  }

  /** These settings with another reconnect backoff range. */
  public ConnectionSettings withBackoffMillis(long minMillis, long maxMillis) {
    return new ConnectionSettings(
        frameLimits,
        connectTimeoutMillis,
        inFlightMax,
        minMillis,
        maxMillis,
        localHost,
        ssl,
        credentials);
  }

  /** These settings with outgoing connections bound to {@code host} (null: the system picks). */
  public ConnectionSettings withLocalHost(String host) {
    return new ConnectionSettings(
        frameLimits,
        connectTimeoutMillis,
        inFlightMax,
        backoffMinMillis,
        backoffMaxMillis,
        host,
        ssl,
        credentials);
  }

  /** These settings over TLS with {@code context} (null: plain TCP). */
  public ConnectionSettings withSsl(SslContext context) {
    return new ConnectionSettings(
        frameLimits,
        connectTimeoutMillis,
        inFlightMax,
        backoffMinMillis,
        backoffMaxMillis,
        localHost,
        context,
        credentials);
  }

  /** These settings authenticating every connection with {@code as} (null: none). */
  public ConnectionSettings withCredentials(Credentials as) {
    return new ConnectionSettings(
        frameLimits,
        connectTimeoutMillis,
        inFlightMax,
        backoffMinMillis,
        backoffMaxMillis,
        localHost,
        ssl,
        as);
  }

  private static void requireInRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " is " + value + ", must be between " + min + " and " + max);
    }
  }
}
