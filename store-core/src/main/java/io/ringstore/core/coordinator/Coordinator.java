package io.ringstore.core.coordinator;

import io.ringstore.core.coordinator.QuorumPlan.Operation;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DeleteRequest;
import io.ringstore.core.wire.DeleteResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.Response;
import java.util.function.Consumer;

/**
 * Coordinates client reads, writes and deletes for any key (DESIGN.md, "Quorums"): finds the key's
 * N replicas on the current ring, sends to all of them through the transport (this node's own copy
 * included), and answers after R reads or W acknowledgements. Consistency and timeout come from
 * each request, or from {@link QuorumDefaults}.
 *
 * <p>Each request plans against one ring snapshot and runs as its own state machine ({@link
 * ReadCoordination}, {@link WriteCoordination}); this class keeps no per-request state and is safe
 * to call from any thread. {@code respond} is called exactly once per request: at once for a
 * request that can never reach its quorum, otherwise on the thread of the replica answer or the
 * deadline that decided it.
 */
public final class Coordinator {
  private final CoordinatorContext context;

  public Coordinator(CoordinatorContext context) {
    this.context = context;
  }

  /** Reads the key's versions from R replicas: a {@code GetResponse} or a failure. */
  public void get(GetRequest request, Consumer<Response> respond) {
    QuorumPlan plan =
        plan(request.key(), request.consistency(), Operation.READ, request.timeoutMillis());
    if (plan instanceof QuorumPlan.Ask ask) {
      new ReadCoordination(ask, new ReplicaGetRequest(request.key()), respond)
          .start(context.transport(), context.scheduler());
    } else {
      respond.accept(((QuorumPlan.Refuse) plan).error());
    }
  }

  /** Writes a new version descending from the request's context: a {@code PutResponse} or not. */
  public void put(PutRequest request, Consumer<Response> respond) {
    QuorumPlan plan =
        plan(request.key(), request.consistency(), Operation.WRITE, request.timeoutMillis());
    ErrorResponse badContext = checkContext(request.context());
    if (plan instanceof QuorumPlan.Ask ask && badContext == null) {
      Versioned version = newVersion(request.context(), request.value());
      write(
          ask,
          new ReplicaPutRequest(request.key(), version),
          new PutResponse(version.clock()),
          respond);
    } else {
      respond.accept(refusal(plan, badContext));
    }
  }

  /** Writes a tombstone descending from the request's context: a {@code DeleteResponse} or not. */
  public void delete(DeleteRequest request, Consumer<Response> respond) {
    QuorumPlan plan =
        plan(request.key(), request.consistency(), Operation.WRITE, request.timeoutMillis());
    ErrorResponse badContext = checkContext(request.context());
    if (plan instanceof QuorumPlan.Ask ask && badContext == null) {
      Versioned tombstone = newVersion(request.context(), null);
      write(
          ask,
          new ReplicaPutRequest(request.key(), tombstone),
          new DeleteResponse(tombstone.clock()),
          respond);
    } else {
      respond.accept(refusal(plan, badContext));
    }
  }

  private QuorumPlan plan(
      byte[] key, Consistency consistency, Operation operation, int timeoutMillis) {
    return QuorumPlan.of(
        context.ring().current(),
        key,
        consistency,
        operation,
        timeoutMillis,
        context.quorumDefaults());
  }

  private void write(
      QuorumPlan.Ask plan,
      ReplicaPutRequest request,
      Response success,
      Consumer<Response> respond) {
    new WriteCoordination(plan, request, success, respond)
        .start(context.transport(), context.scheduler());
  }

  /**
   * The version a write stores: the context with this node's entry incremented, stamped with the
   * wall clock read once for both the clock entry and the version.
   */
  private Versioned newVersion(VectorClock parent, byte[] valueOrNull) {
    long nowMillis = context.clock().wallMillis();
    VectorClock clock = parent.increment(context.self(), nowMillis, context.clockEntriesMax());
    return new Versioned(clock, nowMillis, valueOrNull);
  }

  /** Why this node cannot increment its entry of {@code parent}, or null if it can. */
  private ErrorResponse checkContext(VectorClock parent) {
    if (parent.counterOf(context.self()) == Long.MAX_VALUE) {
      return ErrorResponse.of(
          ErrorCode.BAD_REQUEST,
          "the context's counter for coordinator " + context.self() + " is at its maximum");
    }
    return null;
  }

  private static ErrorResponse refusal(QuorumPlan plan, ErrorResponse badContext) {
    return plan instanceof QuorumPlan.Refuse refuse ? refuse.error() : badContext;
  }
}
