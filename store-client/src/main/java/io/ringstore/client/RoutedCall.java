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
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionRequest;
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
 * <p><b>Order.</b> The key's preference list with the replicas the client suspects ({@link
 * NodeHealth}) moved last: a node that timed out or refused a connection is asked only when the
 * others failed, until it answers again. Suspected replicas whose probe is due get a ping on the
 * side ({@link HealthProbes}); the request does not wait for it.
 *
 * <p><b>Time budget.</b> An attempt with another replica after it waits {@link
 * AttemptTimeouts#attemptMillis}: about twice the recent p99 latency, at least {@link
 * AttemptTimeouts#FLOOR_MILLIS}, at most an even share of the time left; the last attempt gets all
 * that is left, and so does the last trusted one when only suspected replicas follow it, but for a
 * floor's worth for each attempt after it ({@link #planBudget}). Replicas whose attempt timed out
 * are tried once more if time is left when all were tried ({@link #startFinalRound}). A timed-out
 * or failed connection suspects the node at once; an answer trusts it again and adds its latency to
 * the node's window. A read's coordinator is told the attempt's budget less a margin ({@link
 * #coordinatorMillis}), so that a live coordinator whose replicas are slow answers (with a missed
 * quorum, after its own read fallback to a third replica) before the client gives up on it: a live
 * node is not suspected for its replicas' silence; a missed quorum on a read with replicas left
 * moves on to the next. A write's missed quorum is the result, so its coordinator is told all the
 * time left less the margin: a write slower than the attempt (an fsync behind a busy disk) is
 * retried through the next replica when the attempt ends, but its first coordinator does not give
 * up on it early and fail it (measured: 54-94 failed writes per failover run with the attempt's
 * budget, under fsync always).
 *
 * <p><b>Retries.</b> Every attempt sends the same request: a write carries the same value and the
 * same context (the {@link VersionContext} of the read it follows), only its timeout differs. Reads
 * are idempotent. A write is not quite: a coordinator builds the new version by advancing its own
 * entry of the context's clock ({@code Coordinator.newVersion}), so the same write through two
 * coordinators yields two versions with different dots, {@code ctx + (A, n)} and {@code ctx + (B,
 * m)}, concurrent by their clocks: two siblings holding the same value. That happens exactly when
 * an earlier attempt reached its coordinator and was applied but its answer did not come back in
 * time (a timeout, or a connection that closed with the request in flight). A paused coordinator is
 * the common case: it did not apply the write when the client gave up on it, but it reads the
 * queued request when it resumes and applies it then, after the retry did. An attempt that never
 * left the client (connect refused, reconnect backoff, in-flight limit, an overloaded answer) is
 * safe to retry. The next read returns both siblings, equal values; the next write over that read's
 * context supersedes both. Closing this gap takes the coordinator's help (a client-chosen dot, or a
 * write id the replicas remember), which store-core does not offer yet.
 *
 * <p><b>States.</b> One attempt at a time; callbacks of attempt k come before attempt k+1 starts,
 * so the fields need no lock (each hand-over goes through the connection's queue).
 */
final class RoutedCall<T> implements ResponseHandler {
  /** Shortest attempt worth starting; with less time left the call times out. */
  static final long ATTEMPT_MILLIS_MIN = 1;

  /**
   * The coordinator gets an attempt's budget less a quarter of it (so that its missed quorum
   * arrives before the client's timer even on a loaded machine; a tenth was too thin for short
   * attempts) ...
   */
  static final long COORDINATOR_MARGIN_DIVISOR = 4;

  /** ... but less at most this much: the time its answer needs to travel back. */
  static final long COORDINATOR_MARGIN_MILLIS_MAX = 50;

  private final Routing routing;
  private final List<Member> replicas;

  /**
   * The replicas of the current round: all of them in the first, then those whose attempt timed out
   * (see {@link #startFinalRound}).
   */
  private List<Member> round;

  /** Replicas whose attempt of the first round timed out, in order; null while none has. */
  private List<Member> timedOutMembers;

  private boolean finalRound;
  private int attempts;
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
  private Member currentMember;
  private Endpoint current;
  private long attemptStartNanos;
  private long attemptMillis;
  private boolean lastAttempt;

  /**
   * Whether this attempt's budget is the short one {@link AttemptTimeouts} derives from latency;
   * only such an attempt's timeout is a latency sample. The last attempt, the last trusted
   * replica's and the final round's get far longer budgets, which would inflate the derived
   * timeout.
   */
  private boolean shortAttempt;

  private boolean idempotent;
  private boolean timedOut;
  private boolean overloaded;

  RoutedCall(
      Routing routing,
      List<Member> replicas,
      IntFunction<ClientRequest> requestForTimeoutMillis,
      ResponseMapping.Mapper<T> mapper,
      long deadlineNanos) {
    this.routing = routing;
    this.replicas = routing.health().order(replicas);
    this.round = this.replicas;
    this.requestForTimeoutMillis = requestForTimeoutMillis;
    this.mapper = mapper;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * The coordinator's budget within the time left: a margin less, so that its answer (a quorum
   * failure, say) travels back before the request times out rather than racing the client's timer.
   */
  static long coordinatorMillis(long budgetMillis) {
    long margin =
        Math.min(COORDINATOR_MARGIN_MILLIS_MAX, budgetMillis / COORDINATOR_MARGIN_DIVISOR);
    return Math.max(ATTEMPT_MILLIS_MIN, budgetMillis - margin);
  }

  /** Where a member's connection goes. */
  static Endpoint endpointOf(Member member) {
    return new Endpoint(member.id().value(), member.host(), member.port());
  }

  /** Learns ring epochs from the responses of coordinators. */
  @FunctionalInterface
  interface RingEpochs {
    /** {@code node} answered a request it planned against a ring of {@code ringEpoch}. */
    void observed(long ringEpoch, Endpoint node);
  }

  /**
   * What every call shares: the connections, the clock, what the client believes of each node, the
   * attempt timeouts, the probes and where ring epochs go.
   */
  record Routing(
      ConnectionPool pool,
      Clock clock,
      NodeHealth health,
      AttemptTimeouts timeouts,
      HealthProbes probes,
      RingEpochs ringEpochs) {}

  CompletableFuture<T> start() {
    routing.probes().probeDue(replicas);
    next();
    return result;
  }

  private void next() {
    long nowNanos = routing.clock().monotonicNanos();
    long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - nowNanos);
    if (attempt >= round.size() && leftMillis >= AttemptTimeouts.FLOOR_MILLIS) {
      startFinalRound();
    }
    if (attempt >= round.size() || leftMillis < ATTEMPT_MILLIS_MIN) {
      result.completeExceptionally(exhausted(leftMillis));
      return;
    }
    int retriesQueued = finalRound || timedOutMembers == null ? 0 : timedOutMembers.size();
    int attemptsLeft = round.size() - attempt + retriesQueued;
    lastAttempt = attemptsLeft == 1;
    planBudget(leftMillis, attemptsLeft);
    attemptStartNanos = nowNanos;
    currentMember = round.get(attempt++);
    attempts++;
    current = endpointOf(currentMember);
    ClientRequest request = requestForTimeoutMillis.apply((int) coordinatorMillis(attemptMillis));
    idempotent = request instanceof GetRequest;
    if (!idempotent) {
      // A write's missed quorum is final: its coordinator gets all the time left, not the
      // attempt's.
      request =
          requestForTimeoutMillis.apply(
              (int) coordinatorMillis(Math.min(leftMillis, WireLimits.TIMEOUT_MILLIS_MAX)));
    }
    boolean mayWait =
        request instanceof TransactionRequest
            || (request instanceof LockRequest lock && lock.op() == LockRequest.Op.ACQUIRE);
    if (mayWait) {
      // An acquisition may wait at its node for the lock, and a commit for the older
      // transactions holding its keys and through several rounds: it gets all the time left, and
      // moves on only when that node fails (a dead node's connection fails at once). A copy sent
      // elsewhere early would only compete with it.
      attemptMillis = leftMillis;
      shortAttempt = false;
    }
    routing.pool().send(current, request, attemptMillis, this);
  }

  /**
   * Every replica was tried, at least {@link AttemptTimeouts#FLOOR_MILLIS} is left, and some
   * attempts only timed out: those replicas are tried once more, trusted ones first, each with an
   * even share of the time left (the last with all of it). Their short attempts of the first round
   * (the floor, when latency is low) are cut for speed, not because the nodes are gone: a moment
   * when every live node is slow (a restarting node's JVM takes both cores, an fsync stall) timed
   * out every live attempt within about 100 ms and failed the request on a dead or paused last
   * replica with most of its time unused. A second round of a write may add a sibling, like any
   * retry after a timeout (see the class comment).
   */
  private void startFinalRound() {
    if (finalRound || timedOutMembers == null) {
      return;
    }
    finalRound = true;
    round = routing.health().order(timedOutMembers);
    attempt = 0;
  }

  /**
   * Sets the next attempt's budget ({@link #attemptMillis}) and whether it is a short one ({@link
   * #shortAttempt}), with {@code attemptsLeft} attempts possible (this round's replicas left and
   * the retries queued for the final round): all the time left for the last; an even share in the
   * final round; otherwise {@link AttemptTimeouts#attemptMillis}, except for the last replica not
   * suspected with only suspected ones behind it in this round. That one gets all the time left but
   * {@link AttemptTimeouts#FLOOR_MILLIS} for each attempt after it: cut short, its time would go to
   * a node that most likely cannot answer (a paused or dead one), while a live node that is slow
   * for a moment (an fsync stall, a restarting neighbour taking the CPU) would have answered within
   * it. The floor each keeps still reaches a suspected node that is back but not yet probed.
   */
  private void planBudget(long leftMillis, int attemptsLeft) {
    long budget;
    shortAttempt = false;
    if (attemptsLeft == 1) {
      budget = Math.max(leftMillis, ATTEMPT_MILLIS_MIN);
    } else if (finalRound) {
      budget = Math.max(leftMillis / attemptsLeft, ATTEMPT_MILLIS_MIN);
    } else {
      long share = routing.timeouts().attemptMillis(leftMillis, attemptsLeft);
      budget =
          isLastTrustedOfRound()
              ? Math.max(share, leftMillis - (attemptsLeft - 1) * AttemptTimeouts.FLOOR_MILLIS)
              : share;
      shortAttempt = budget == share;
    }
    attemptMillis = Math.min(budget, WireLimits.TIMEOUT_MILLIS_MAX);
  }

  /** Whether the next replica is trusted and every one after it in this round suspected. */
  private boolean isLastTrustedOfRound() {
    NodeHealth health = routing.health();
    if (health.isSuspected(round.get(attempt).id())) {
      return false;
    }
    for (int i = attempt + 1; i < round.size(); i++) {
      if (!health.isSuspected(round.get(i).id())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void onResponse(Response response) {
    routing.health().trust(currentMember.id());
    if (ResponseMapping.isWorthAnotherReplica(response)) {
      overloaded = true;
      failed(new RingstoreException(current + " answered " + response));
      next();
      return;
    }
    if (ResponseMapping.isRefusedUntouched(response) && !lastAttempt) {
      failed(new RingstoreException(current + " answered " + response));
      next();
      return;
    }
    T mapped;
    try {
      mapped = mapper.map(current, response);
    } catch (RingstoreException failure) {
      coordinatorFailed(response, failure);
      return;
    }
    long latencyNanos = routing.clock().monotonicNanos() - attemptStartNanos;
    routing.timeouts().answered(currentMember.id(), latencyNanos);
    routing.ringEpochs().observed(ResponseMapping.ringEpochOf(response), current);
    result.complete(mapped);
  }

  /**
   * The coordinator answered with a failure. One that missed its quorum in time counts as a latency
   * sample (so attempt timeouts grow when quorums get slow) and, for a read with another replica
   * left, sends the read there; a write fails, since a retry could add a sibling.
   */
  private void coordinatorFailed(Response response, RingstoreException failure) {
    if (ResponseMapping.isQuorumMissed(response)) {
      long latencyNanos = routing.clock().monotonicNanos() - attemptStartNanos;
      routing.timeouts().answered(currentMember.id(), latencyNanos);
      if (idempotent && !lastAttempt) {
        retry(failure);
        return;
      }
    }
    result.completeExceptionally(failure);
  }

  @Override
  public void onFailure(Throwable cause) {
    if (cause instanceof ResponseTimeoutException) {
      timedOut = true;
      if (!finalRound) {
        if (timedOutMembers == null) {
          timedOutMembers = new ArrayList<>(replicas.size());
        }
        timedOutMembers.add(currentMember);
      }
      routing.health().suspect(currentMember.id());
      if (shortAttempt) {
        routing.timeouts().timedOut(currentMember.id(), attemptMillis);
      }
      retry(cause);
    } else if (cause instanceof ConnectionFailedException) {
      routing.health().suspect(currentMember.id());
      retry(cause);
    } else if (cause instanceof InFlightLimitException) {
      overloaded = true;
      retry(cause);
    } else if (cause instanceof IllegalArgumentException local) {
      result.completeExceptionally(local);
    } else {
      result.completeExceptionally(
          new RingstoreException("the request failed at " + current, cause));
    }
  }

  private void retry(Throwable cause) {
    failed(cause);
    next();
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
              "no replica answered in time ("
                  + attempts
                  + " attempts to "
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
