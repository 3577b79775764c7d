package io.ringstore.node.admin;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingTimeWindowArrayReservoir;
import com.codahale.metrics.Timer;
import io.ringstore.core.time.Clock;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.QuorumFailedResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latency, rate and failures of one direction of requests, per request type and consistency level:
 * a timer {@code <prefix>.<type>.<consistency>}, a counter {@code <prefix>_failed.<type>.<reason>}
 * per failure and a gauge {@code <prefix>_in_flight}. A reason is {@code quorum_failed}, an {@link
 * io.ringstore.core.wire.ErrorCode} in lower case ({@code timeout}, {@code unavailable}, ...), or
 * for requests the transport lost, {@code no_answer}.
 *
 * <p>Timers keep one minute of samples ({@link SlidingTimeWindowArrayReservoir}): their quantiles
 * describe the last minute, their counts every request since the start. The timers of a request
 * type are made when its first request arrives, for every consistency level at once; after that,
 * recording a request costs two clock reads and a timer update, no lookup by name.
 */
final class RequestMetrics {
  /** How long a timer's quantiles remember. */
  static final long WINDOW_SECONDS = 60;

  /** The failure reason of a request the transport lost (no connection, no answer in time). */
  static final String NO_ANSWER = "no_answer";

  private static final Consistency.Level[] LEVELS = Consistency.Level.values();

  private final MetricRegistry registry;
  private final Clock clock;
  private final String prefix;
  private final LongAdder inFlight = new LongAdder();
  private final ClassValue<Timer[]> timers =
      new ClassValue<>() {
        @Override
        protected Timer[] computeValue(Class<?> type) {
          return timersOf(RequestNames.nameOf(type.getSimpleName()), RequestNames.hasLevel(type));
        }
      };

  /** Metrics named {@code prefix...} in {@code registry}, timed by {@code clock}. */
  RequestMetrics(MetricRegistry registry, Clock clock, String prefix) {
    this.registry = registry;
    this.clock = clock;
    this.prefix = prefix;
    registry.gauge(prefix + "_in_flight", () -> inFlight::sum);
  }

  /** Notes that {@code request} starts now; returns the start time to pass to {@link #end}. */
  long start() {
    inFlight.increment();
    return clock.monotonicNanos();
  }

  /** Records {@code request}, started at {@code startNanos}, answered by {@code response}. */
  void end(Request request, long startNanos, Response response) {
    record(request, startNanos);
    String reason = failureOf(response);
    if (reason != null) {
      failed(request, reason);
    }
  }

  /** Records {@code request}, started at {@code startNanos}, as failed for {@code reason}. */
  void endFailed(Request request, long startNanos, String reason) {
    record(request, startNanos);
    failed(request, reason);
  }

  private void record(Request request, long startNanos) {
    inFlight.decrement();
    Timer[] byLevel = timers.get(request.getClass());
    Consistency.Level level = RequestNames.levelOf(request);
    Timer timer = byLevel[level == null ? LEVELS.length : level.ordinal()];
    timer.update(clock.monotonicNanos() - startNanos, TimeUnit.NANOSECONDS);
  }

  private void failed(Request request, String reason) {
    registry.counter(prefix + "_failed." + RequestNames.of(request) + "." + reason).inc();
  }

  /** The failure reason {@code response} reports, or null for an answer that is no failure. */
  static String failureOf(Response response) {
    if (response instanceof QuorumFailedResponse) {
      return "quorum_failed";
    }
    if (response instanceof ErrorResponse error) {
      return error.code().name().toLowerCase(Locale.ROOT);
    }
    return null;
  }

  /**
   * Timers by consistency level, one per level for a type that has levels; the last, for types
   * without, is the only timer of such a type.
   */
  private Timer[] timersOf(String type, boolean hasLevels) {
    Timer[] byLevel = new Timer[LEVELS.length + 1];
    if (hasLevels) {
      for (Consistency.Level level : LEVELS) {
        byLevel[level.ordinal()] = timer(type, RequestNames.label(level));
      }
    } else {
      byLevel[LEVELS.length] = timer(type, RequestNames.NO_CONSISTENCY);
    }
    return byLevel;
  }

  private Timer timer(String type, String consistency) {
    return registry.timer(
        prefix + "." + type + "." + consistency,
        () -> new Timer(new SlidingTimeWindowArrayReservoir(WINDOW_SECONDS, TimeUnit.SECONDS)));
  }
}
