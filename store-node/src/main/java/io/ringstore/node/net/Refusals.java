package io.ringstore.node.net;

import com.codahale.metrics.MetricRegistry;
import io.ringstore.core.time.Clock;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server refuses (a connection over the cap, a bad or oversized frame, a frame that
 * dribbles in, a request over a connection's in-flight bound, a failed TLS handshake, a missing or
 * wrong credential, a peer greeting without a peer's credentials): counted per reason in the metric
 * {@code ringstore.refused.REASON}, and logged at most once per remote host and reason per {@link
 * #LOG_INTERVAL_SECONDS}, with how many more were refused since, so that a flood is one line a
 * minute instead of one line per frame. Expected events: no stack traces.
 */
public final class Refusals {
  /** Shortest time between two log lines for one remote host and reason. */
  public static final long LOG_INTERVAL_SECONDS = 60;

  /** Most (host, reason) pairs remembered; beyond, the oldest are forgotten. */
  static final int REMEMBERED_MAX = 4_096;

  private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

  /** Why something was refused: the metric's and the log's name for it. */
  public enum Reason {
    TOO_MANY_CONNECTIONS,
    BAD_FRAME,
    SLOW_FRAME,
    IN_FLIGHT_LIMIT,
    TLS_HANDSHAKE,
    UNAUTHENTICATED,
    NOT_A_PEER;

    String metricName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private record Key(String host, Reason reason) {}

  private static final class Window {
    long loggedAtNanos;
    final AtomicLong suppressed = new AtomicLong();

    Window(long loggedAtNanos) {
      this.loggedAtNanos = loggedAtNanos;
    }
  }

  private final Clock clock;
  private final MetricRegistry metrics;
  private final Map<Key, Window> windows = new ConcurrentHashMap<>();
  private final AtomicLong linesLogged = new AtomicLong();

  /** Refusals timed by {@code clock}, counted in {@code metrics}. */
  public Refusals(Clock clock, MetricRegistry metrics) {
    this.clock = clock;
    this.metrics = metrics;
    for (Reason reason : Reason.values()) {
      metrics.counter(counterName(reason));
    }
  }

  /** Counts a refusal of {@code what} from {@code from}, and logs it unless logged lately. */
  public void refuse(SocketAddress from, Reason reason, String what) {
    metrics.counter(counterName(reason)).inc();
    Key key = new Key(hostOf(from), reason);
    long now = clock.monotonicNanos();
    if (windows.size() >= REMEMBERED_MAX) {
      windows.clear(); // a flood from many hosts: start over rather than grow
    }
    Window window = windows.get(key);
    if (window == null) {
      windows.put(key, new Window(now));
      log(key, what, 0);
      return;
    }
    synchronized (window) {
      if (now - window.loggedAtNanos < TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS)) {
        window.suppressed.incrementAndGet();
        return;
      }
      window.loggedAtNanos = now;
    }
    log(key, what, window.suppressed.getAndSet(0));
  }

  private void log(Key key, String what, long suppressed) {
    linesLogged.incrementAndGet();
    if (suppressed == 0) {
      LOG.warn("refused {} from {}: {}", key.reason().metricName(), key.host(), what);
    } else {
      LOG.warn(
          "refused {} from {}: {} ({} more from there in the last {} s)",
          key.reason().metricName(),
          key.host(),
          what,
          suppressed,
          LOG_INTERVAL_SECONDS);
    }
  }

  /** How many refusals of {@code reason} were counted. */
  public long count(Reason reason) {
    return metrics.counter(counterName(reason)).getCount();
  }

  /** How many log lines refusals have written; for tests. */
  long linesLogged() {
    return linesLogged.get();
  }

  private static String counterName(Reason reason) {
    return "ringstore.refused." + reason.metricName();
  }

  private static String hostOf(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getHostString();
    }
    return String.valueOf(address);
  }
}
