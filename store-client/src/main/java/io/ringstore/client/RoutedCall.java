package io.ringstore.client;

import io.ringstore.client.netty.ConnectionFailedException;
import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.client.netty.InFlightLimitException;
import io.ringstore.client.netty.ResponseTimeoutException;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.time.Clock;
import io.ringstore.core.wire.ClientRequest;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One request on its way through a key's replicas: sent to the first replica, and on a connection
 * failure, a timeout or an overloaded node, to the next, until one answers or the deadline passes.
 *
 * <p><b>Time budget.</b> Each attempt gets an equal share of the time left: with 900 ms left and
 * three replicas untried, the first attempt waits 300 ms, so a silent first replica leaves time for
 * the others; the last attempt gets all that is left. The request tells the coordinator the same
 * budget less a margin ({@link #coordinatorMillis}), so that it answers (with a quorum failure,
 * say) before the client gives up on it.
 *
 * <p><b>States.</b> One attempt at a time; callbacks of attempt k come before attempt k+1 starts,
 * so the fields need no lock (each hand-over goes through the connection's queue).
 *
 * <p><b>Pitfalls.</b> Retrying a write after a timeout can apply it twice, on two coordinators: the
 * second write then becomes a sibling of the first with the same value.
 */
final class RoutedCall<T> implements ResponseHandler {
  /** Shortest attempt worth starting; with less time left the call times out. */
  static final long ATTEMPT_MILLIS_MIN = 1;

  /** The coordinator gets an attempt's budget less a tenth of it ... */
  static final long COORDINATOR_MARGIN_DIVISOR = 10;

  /** ... but less at most this much: the time its answer needs to travel back. */
  static final long COORDINATOR_MARGIN_MILLIS_MAX = 50;

  private final ConnectionPool pool;
  private final Clock clock;
  private final List<Member> replicas;
  private final IntFunction<ClientRequest> requestForTimeoutMillis;
  private final ResponseMapping.Mapper<T> mapper;
  private final long deadlineNanos;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  /**
   * Why earlier attempts failed, for the final exception; created at the first failure, since an
   * exception made per call (for its list of suppressed causes) filled in a stack trace on every
   * request.
   */
  private List<Throwable> failures;

  private int attempt;
  private Endpoint current;
  private boolean timedOut;
  private boolean overloaded;

  RoutedCall(
      Routing routing,
      List<Member> replicas,
      IntFunction<ClientRequest> requestForTimeoutMillis,
      ResponseMapping.Mapper<T> mapper,
      long deadlineNanos) {
    this.pool = routing.pool();
    this.clock = routing.clock();
    this.replicas = replicas;
    this.requestForTimeoutMillis = requestForTimeoutMillis;
    this.mapper = mapper;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * The coordinator's budget within an attempt's: a margin less, so that its answer (a quorum
   * failure, say) travels back before the attempt times out rather than racing the client's timer.
   */
  static long coordinatorMillis(long budgetMillis) {
    long margin =
        Math.min(COORDINATOR_MARGIN_MILLIS_MAX, budgetMillis / COORDINATOR_MARGIN_DIVISOR);
    return Math.max(ATTEMPT_MILLIS_MIN, budgetMillis - margin);
  }

  /** What every call shares: the connections and the clock. */
  record Routing(ConnectionPool pool, Clock clock) {}

  CompletableFuture<T> start() {
    next();
    return result;
  }

  private void next() {
    long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - clock.monotonicNanos());
    if (attempt >= replicas.size() || leftMillis < ATTEMPT_MILLIS_MIN) {
      result.completeExceptionally(exhausted(leftMillis));
      return;
    }
    long budgetMillis =
        Math.min(leftMillis / (replicas.size() - attempt), WireLimits.TIMEOUT_MILLIS_MAX);
    budgetMillis = Math.max(budgetMillis, ATTEMPT_MILLIS_MIN);
    Member member = replicas.get(attempt++);
    current = new Endpoint(member.id().value(), member.host(), member.port());
    ClientRequest request = requestForTimeoutMillis.apply((int) coordinatorMillis(budgetMillis));
    pool.send(current, request, budgetMillis, this);
  }

  @Override
  public void onResponse(Response response) {
    if (ResponseMapping.isWorthAnotherReplica(response)) {
      overloaded = true;
      failed(new RingstoreException(current + " answered " + response));
      next();
      return;
    }
    try {
      result.complete(mapper.map(current, response));
    } catch (RingstoreException failure) {
      result.completeExceptionally(failure);
    }
  }

  @Override
  public void onFailure(Throwable cause) {
    if (cause instanceof ConnectionFailedException
        || cause instanceof ResponseTimeoutException
        || cause instanceof InFlightLimitException) {
      timedOut |= cause instanceof ResponseTimeoutException;
      overloaded |= cause instanceof InFlightLimitException;
      failed(cause);
      next();
    } else if (cause instanceof IllegalArgumentException local) {
      result.completeExceptionally(local);
    } else {
      result.completeExceptionally(
          new RingstoreException("the request failed at " + current, cause));
    }
  }

  private void failed(Throwable cause) {
    if (failures == null) {
      failures = new ArrayList<>(replicas.size());
    }
    failures.add(cause);
  }

  private RingstoreException exhausted(long leftMillis) {
    RingstoreException failure;
    if (timedOut || leftMillis < ATTEMPT_MILLIS_MIN) {
      failure =
          new RequestTimeoutException(
              "no replica answered in time (tried "
                  + attempt
                  + " of "
                  + replicas
                  + "); the nodes"
                  + " are slow or unreachable: retry, or raise the timeout",
              null);
    } else if (overloaded) {
      failure =
          new ClientOverloadedException(
              "every replica tried is overloaded ("
                  + replicas
                  + "); slow down, or raise"
                  + " inFlightMaxPerNode if the nodes keep up");
    } else {
      failure =
          new NoReachableNodeException(
              "no replica of the key is reachable: "
                  + replicas
                  + "; check that the nodes run"
                  + " and that this client can reach their addresses");
    }
    if (failures != null) {
      failures.forEach(failure::addSuppressed);
    }
    return failure;
  }
}
