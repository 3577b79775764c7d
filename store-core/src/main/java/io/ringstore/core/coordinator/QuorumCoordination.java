package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.CoordinationEvent.DeadlinePassed;
import io.ringstore.core.coordinator.CoordinationEvent.FallbackDue;
import io.ringstore.core.coordinator.CoordinationEvent.ReplicaAnswered;
import io.ringstore.core.coordinator.CoordinationEvent.ReplicaFailed;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.QuorumFailedResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.List;
import java.util.function.Consumer;

/**
 * One request a coordinator is running: ask the replicas its plan asks first (every replica for a
 * write, R for a read), answer the client as soon as the quorum is met, fail as soon as it cannot
 * be met or the deadline passes.
 *
 * <pre>
 *   state      event                                           next state
 *   WAITING    an answer that counts, answers reach required   SUCCEEDED  (respond success)
 *   WAITING    an error answer or ReplicaFailed, and fewer     FAILED     (respond quorum failed)
 *              than required replicas can still answer
 *   WAITING    an error answer or ReplicaFailed otherwise      WAITING    (ask one more replica)
 *   WAITING    FallbackDue                                     WAITING    (ask all the others,
 *                                                                          arm the deadline)
 *   WAITING    DeadlinePassed                                  FAILED     (respond quorum failed)
 *   WAITING    any other event                                 WAITING    (counts updated)
 *   SUCCEEDED  any event                                       SUCCEEDED  (reads record late
 *   FAILED     any event                                       FAILED      answers, never count;
 *                                                                          a read repairs from them)
 * </pre>
 *
 * <p><b>Problem.</b> Dynamo's coordinator (DeCandia et al., SOSP 2007, section 4.5) sends to the N
 * replicas of the preference list and waits for R or W of them. Replicas answer in any order, some
 * never, some twice (a duplicating network), some after the client has its answer; the client must
 * hear exactly once, as early as the outcome is known.
 *
 * <p><b>Counts.</b> {@code answers} counts replicas whose answer counts toward the quorum ({@link
 * #accept}); {@code failures} counts replicas that answered with an error or that the transport
 * gave up on. Each replica counts once, by its index: a second word from it is ignored. Replicas
 * are asked in plan order, so the asked ones are the first {@code asked} of the plan. Success needs
 * {@code answers >= required}; it has become impossible once {@code replicas - failures < required}
 * (a replica not asked yet can still answer). The failure response reports {@code answers} of
 * {@code required} ({@code replicas}), unless a replica refused the request itself ({@code
 * BAD_REQUEST}, e.g. a value over its storage limit): then the client hears that refusal, since
 * retrying cannot help. A coordination holds O(N) state and lives until its deadline at the latest:
 * the deadline is the bound on every request, whatever the replicas do.
 *
 * <p><b>One timer.</b> A plan that asks some replicas later runs its fallback timer first and arms
 * the deadline (the rest of the timeout) only if the fallback fires; almost every request finishes
 * before either, so each request schedules and cancels one timer, never two.
 *
 * <p><b>Concurrency.</b> In production, replica answers arrive on several event loops and the
 * deadline on the scheduler's thread, concurrently. Every transition runs under this object's
 * monitor and is short (no I/O); the one that leaves WAITING takes the client callback's response
 * and the deadline timer out with it, and delivers them after releasing the monitor. So the client
 * callback runs exactly once, never under a lock, on whichever thread completed the request; and
 * sends go out without the lock, so a transport that answers synchronously cannot deadlock. The
 * simulator calls everything from one thread, where the monitor is uncontended.
 */
abstract sealed class QuorumCoordination permits ReadCoordination, WriteCoordination {
  /** Where a coordination is in its life. */
  enum State {
    /** Sent to the replicas; the outcome is not known yet. */
    WAITING,
    /** The quorum answered; the client has its response. */
    SUCCEEDED,
    /** The quorum became impossible or the deadline passed; the client has its failure. */
    FAILED
  }

  private final QuorumPlan.Ask plan;
  private final Consumer<Response> respond;
  private final boolean[] heard;
  private State state = State.WAITING;
  private int asked;
  private int answers;
  private ErrorResponse refusal;
  private int failures;
  private Scheduler.Cancellable timer;
  private boolean deadlineArmed;
  private Transport transport;
  private Scheduler scheduler;
  private ReplicaLatency latency;
  private long startNanos;

  QuorumCoordination(QuorumPlan.Ask plan, Consumer<Response> respond) {
    this.plan = plan;
    this.respond = respond;
    this.heard = new boolean[plan.replicas().size()];
  }

  /** The request every replica is sent. */
  abstract Request replicaRequest();

  /**
   * Records replica {@code replica}'s {@code response}, in any state, and says whether it counts
   * toward the quorum. Runs under the monitor.
   */
  abstract boolean accept(int replica, Response response);

  /** The client's response once the quorum has answered. Runs under the monitor. */
  abstract Response successResponse();

  /** Arms the first timer, then sends the request to the replicas asked first. Call once. */
  final void start(Transport transport, Scheduler scheduler, ReplicaLatency latency) {
    int first;
    synchronized (this) {
      this.transport = transport;
      this.scheduler = scheduler;
      this.latency = latency;
      this.startNanos = latency.nowNanos();
      first = plan.askedFirst();
      asked = first;
    }
    if (plan.asksLater()) {
      armTimer(scheduler.schedule(plan.fallbackNanos(), () -> handle(new FallbackDue())), false);
    } else {
      armTimer(scheduler.schedule(plan.timeoutNanos(), () -> handle(new DeadlinePassed())), true);
    }
    Request request = replicaRequest();
    for (int replica = 0; replica < first; replica++) {
      send(replica, request);
    }
  }

  private void send(int replica, Request request) {
    try {
      transport.send(plan.replicas().get(replica), request, new ReplicaHandler(replica));
    } catch (RuntimeException e) {
      // A transport should report through onFailure; if it throws instead, the request still ends.
      handle(new ReplicaFailed(replica, "send failed: " + e));
    }
  }

  /**
   * Keeps {@code next} as the timer to cancel at completion. The fallback may fire on the
   * scheduler's thread and arm the deadline before {@code start} stores the fallback's handle; that
   * late handle must not replace the deadline's, or the deadline would outlive the request.
   */
  private synchronized void armTimer(Scheduler.Cancellable next, boolean deadline) {
    if (state == State.WAITING && (deadline || !deadlineArmed)) {
      timer = next;
      deadlineArmed |= deadline;
    } else {
      next.cancel();
    }
  }

  /**
   * Applies {@code event}; outside the monitor, asks the replicas and arms the deadline it decided
   * on, and completes the request if it decided that.
   */
  final void handle(CoordinationEvent event) {
    Step step;
    synchronized (this) {
      step = transition(event);
    }
    if (step.armDeadline()) {
      long restNanos = plan.timeoutNanos() - plan.fallbackNanos();
      armTimer(scheduler.schedule(restNanos, () -> handle(new DeadlinePassed())), true);
    }
    for (int replica = step.askFrom(); replica < step.askTo(); replica++) {
      send(replica, replicaRequest());
    }
    Completion completion = step.completion();
    if (completion != null) {
      if (completion.succeeded()) {
        completion.cancelTimer(); // now, even if a read's repair holds the answer back
        succeeded(() -> respond.accept(completion.response()));
      } else {
        completion.deliver(respond);
      }
    }
    if (step.lateAnswer() >= 0) {
      answeredLate(step.lateAnswer());
    }
  }

  /**
   * The quorum answered: {@code deliver} gives the client its success, at once here; a read first
   * repairs the replicas of its quorum. Runs once, outside the monitor.
   */
  void succeeded(Runnable deliver) {
    deliver.run();
  }

  /** Replica {@code replica} answered after the client had its success; outside the monitor. */
  void answeredLate(int replica) {}

  /** What is left of the request's timeout, never below zero. */
  final synchronized long remainingNanos() {
    return Math.max(0, plan.timeoutNanos() - (latency.nowNanos() - startNanos));
  }

  /** Where timers are set; set by {@link #start}. */
  final synchronized Scheduler scheduler() {
    return scheduler;
  }

  /** Where replica requests go; set by {@link #start}. */
  final synchronized Transport transport() {
    return transport;
  }

  /** The plan's replicas, in the order they are asked. */
  final List<NodeId> replicas() {
    return plan.replicas();
  }

  /** The current state; for tests and diagnostics. */
  final synchronized State state() {
    return state;
  }

  /** Replicas asked so far; for tests and diagnostics. */
  final synchronized int asked() {
    return asked;
  }

  private Step transition(CoordinationEvent event) {
    if (event instanceof ReplicaAnswered answered) {
      return onAnswer(answered.replica(), answered.response());
    }
    if (event instanceof ReplicaFailed failed) {
      return onFailure(failed.replica());
    }
    if (state != State.WAITING) {
      return Step.NOTHING;
    }
    if (event instanceof FallbackDue) {
      return askRest();
    }
    return Step.completing(complete(State.FAILED, quorumFailed()));
  }

  private Step onAnswer(int replica, Response response) {
    if (!firstWordFrom(replica)) {
      return Step.NOTHING;
    }
    boolean counts = accept(replica, response);
    if (state != State.WAITING) {
      return counts && state == State.SUCCEEDED ? Step.late(replica) : Step.NOTHING;
    }
    if (!counts) {
      rememberRefusal(replica, response);
      return countFailure();
    }
    answers++;
    return answers >= plan.required()
        ? Step.completing(complete(State.SUCCEEDED, successResponse()))
        : Step.NOTHING;
  }

  private Step onFailure(int replica) {
    if (!firstWordFrom(replica) || state != State.WAITING) {
      return Step.NOTHING;
    }
    return countFailure();
  }

  private boolean firstWordFrom(int replica) {
    if (heard[replica]) {
      return false;
    }
    heard[replica] = true;
    return true;
  }

  /**
   * One more replica failed: the request fails if the quorum is out of reach, else asks one more.
   */
  private Step countFailure() {
    failures++;
    boolean impossible = plan.replicas().size() - failures < plan.required();
    if (impossible) {
      return Step.completing(complete(State.FAILED, quorumFailed()));
    }
    if (asked == plan.replicas().size()) {
      return Step.NOTHING;
    }
    asked++;
    return new Step(null, asked - 1, asked, false, -1);
  }

  /** The fallback delay passed: ask every replica not asked yet, and wait for the deadline. */
  private Step askRest() {
    int from = asked;
    asked = plan.replicas().size();
    return new Step(null, from, asked, true, -1);
  }

  /**
   * Keeps the first replica answer that refuses the request itself (a key or value over a storage
   * limit): retrying cannot help, so the client hears that refusal, not a missed quorum.
   */
  private void rememberRefusal(int replica, Response response) {
    if (refusal == null
        && response instanceof ErrorResponse error
        && error.code() == ErrorCode.BAD_REQUEST) {
      refusal =
          ErrorResponse.of(
              ErrorCode.BAD_REQUEST,
              "replica "
                  + plan.replicas().get(replica)
                  + " refused the request: "
                  + error.message());
    }
  }

  /** The failure the client hears: a replica's refusal of the request, else the missed quorum. */
  private Response quorumFailed() {
    if (refusal != null) {
      return refusal;
    }
    return new QuorumFailedResponse(answers, plan.required(), plan.replicas().size());
  }

  private Completion complete(State outcome, Response response) {
    state = outcome;
    Scheduler.Cancellable armed = timer;
    timer = null;
    return new Completion(response, armed, outcome == State.SUCCEEDED);
  }

  /**
   * What a transition decided, carried out after the monitor is released: ask replicas {@code
   * askFrom} (inclusive) to {@code askTo} (exclusive), arm the deadline, complete the request.
   */
  private record Step(
      Completion completion, int askFrom, int askTo, boolean armDeadline, int lateAnswer) {
    static final Step NOTHING = new Step(null, 0, 0, false, -1);

    static Step completing(Completion completion) {
      return new Step(completion, 0, 0, false, -1);
    }

    /** Nothing to do for the request itself; replica {@code replica} answered late. */
    static Step late(int replica) {
      return new Step(null, 0, 0, false, replica);
    }
  }

  /** The response a transition decided on, and the timer to cancel; delivered without the lock. */
  private record Completion(Response response, Scheduler.Cancellable timer, boolean succeeded) {
    void deliver(Consumer<Response> respond) {
      cancelTimer();
      respond.accept(response);
    }

    void cancelTimer() {
      if (timer != null) {
        timer.cancel();
      }
    }
  }

  /** Turns one replica's transport callbacks into events. */
  private final class ReplicaHandler implements ResponseHandler {
    private final int replica;

    ReplicaHandler(int replica) {
      this.replica = replica;
    }

    @Override
    public void onResponse(Response response) {
      if (replica < plan.askedFirst()) {
        latency.record(startNanos);
      }
      handle(new ReplicaAnswered(replica, response));
    }

    @Override
    public void onFailure(Throwable cause) {
      handle(new ReplicaFailed(replica, String.valueOf(cause)));
    }
  }
}
