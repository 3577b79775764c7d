package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.QuorumPlan.Operation;
import io.ringstore.core.net.Transport;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DeleteRequest;
import io.ringstore.core.wire.DeleteResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.LockRequest;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionId;
import io.ringstore.core.wire.TransactionRequest;
import io.ringstore.core.wire.WireLimits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Coordinates client reads, writes and deletes for any key (DESIGN.md, "Quorums"): finds the key's
 * N replicas on the current ring, sends a write to all of them and a read to R of them (more if
 * some fail or stay silent, see {@link QuorumPlan}) through the transport (this node's own copy
 * included, and asked first), and answers after R reads or W acknowledgements. Consistency and
 * timeout come from each request, or from {@link QuorumDefaults}.
 *
 * <p>Each request plans against one ring snapshot and runs as its own state machine ({@link
 * ReadCoordination}, {@link WriteCoordination}); this class keeps no per-request state and is safe
 * to call from any thread. {@code respond} is called exactly once per request: at once for a
 * request that can never reach its quorum, otherwise on the thread of the replica answer or the
 * deadline that decided it. A success names the epoch of that snapshot ({@code ringEpoch}), so that
 * a client routing by an older ring learns to refresh it.
 *
 * <p>A new version's clock is the writer's context plus one event of this node, a counter it never
 * gave another version of the key ({@link KeyCounters}), recorded exactly ({@link
 * VectorClock#successor}): two writes from one context are siblings whichever coordinators take
 * them, through one coordinator too.
 */
public final class Coordinator {
  private final CoordinatorContext context;
  private final KeyCounters keyCounters;
  private final ReplicaLatency latency;
  private final ReadRepair readRepair;
  private final ReadRepair.Chance askAll;
  private final CoordinatorStats stats = new CoordinatorStats();
  private final Handoff handoff;
  private final NewClock newClock;
  private final WriteCounter writeCounter;
  private volatile ConditionalSettings conditional;
  private final LockService locks;
  private final Transactions transactions;

  /** A coordinator that repairs the replicas its reads find stale; reads ask R replicas first. */
  public Coordinator(CoordinatorContext context) {
    this(context, ReadRepair.MISSING_VERSIONS, ReadRepair.Chance.NEVER);
  }

  /**
   * A coordinator whose reads repair as {@code readRepair} says (the simulator's bite proof runs a
   * broken one) and ask every replica when {@code askAll} says so.
   */
  public Coordinator(CoordinatorContext context, ReadRepair readRepair, ReadRepair.Chance askAll) {
    this(context, readRepair, askAll, Handoff.OFF);
  }

  /**
   * A coordinator whose reads repair as {@code readRepair} says and ask every replica when {@code
   * askAll} says so, and whose writes hand off to stand-ins as {@code handoff} says.
   */
  public Coordinator(
      CoordinatorContext context,
      ReadRepair readRepair,
      ReadRepair.Chance askAll,
      Handoff handoff) {
    this(context, readRepair, askAll, handoff, NewClock.EXACT);
  }

  /**
   * As above, with new versions' clocks made by {@code newClock} (the simulator's bite proof runs a
   * broken one).
   */
  public Coordinator(
      CoordinatorContext context,
      ReadRepair readRepair,
      ReadRepair.Chance askAll,
      Handoff handoff,
      NewClock newClock) {
    this.newClock = Objects.requireNonNull(newClock, "newClock");
    this.handoff = Objects.requireNonNull(handoff, "handoff");
    this.context = Objects.requireNonNull(context, "context");
    this.readRepair = Objects.requireNonNull(readRepair, "readRepair");
    this.askAll = Objects.requireNonNull(askAll, "askAll");
    this.writeCounter =
        new WriteCounter(context.clock().wallMillis(), context.counterReservations());
    this.keyCounters = new KeyCounters(writeCounter, KeyCounters.SLOTS_DEFAULT);
    this.latency = new ReplicaLatency(context.clock());
    this.conditional =
        ConditionalSettings.sound(
            new Random(context.clock().monotonicNanos() ^ context.self().hashCode()));
    this.locks =
        new LockService(
            this::updateRegister,
            context.scheduler(),
            context.clock(),
            () -> conditional,
            context.quorumDefaults().timeoutMillis());
    this.transactions =
        new Transactions(
            this::updateRegister,
            context.clock(),
            context.scheduler(),
            () -> conditional,
            context.quorumDefaults().timeoutMillis(),
            Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT);
  }

  /**
   * Runs conditional writes' Paxos rounds as {@code settings} say (their backoff drawn from its
   * random; the simulator seeds it, and plants a broken proposer for its bite proof). Call before
   * the first request; by default backoffs come from an unseeded random.
   */
  public Coordinator withConditionalSettings(ConditionalSettings settings) {
    this.conditional = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * A sweeper of the intents in {@code intents} (this node's acceptor's, {@code
   * PaxosAcceptor#intents}) that are older than the resolve timeout; {@link IntentSweeper#start} it
   * once the node serves.
   */
  public IntentSweeper intentSweeper(Supplier<Map<ByteBuffer, Intent>> intents) {
    return new IntentSweeper(
        intents,
        key -> replicaGroups(key).stream().anyMatch(group -> group.contains(context.self())),
        transactions,
        context.scheduler(),
        context.clock(),
        Transactions.RESOLVE_TIMEOUT_MILLIS_DEFAULT);
  }

  /** Counters of this coordinator's reads and repairs. */
  public CoordinatorStats stats() {
    return stats;
  }

  /** Reads the key's versions from R replicas: a {@code GetResponse} or a failure. */
  public void get(GetRequest request, Consumer<Response> respond) {
    Ring ring = context.ring().current();
    QuorumPlan plan =
        plan(ring, request.key(), request.consistency(), Operation.READ, request.timeoutMillis());
    if (plan instanceof QuorumPlan.Ask planned) {
      QuorumPlan.Ask ask = askAll.askAll() ? planned.askingAllFirst() : planned;
      new ReadCoordination(
              ask, new ReplicaGetRequest(request.key()), ring.epoch(), readRepair, stats, respond)
          .start(context.transport(), context.scheduler(), latency);
    } else {
      respond.accept(((QuorumPlan.Refuse) plan).error());
    }
  }

  /** Writes a new version descending from the request's context: a {@code PutResponse} or not. */
  public void put(PutRequest request, Consumer<Response> respond) {
    Write write =
        new Write(
            request.key(),
            request.value(),
            request.context(),
            request.consistency(),
            request.timeoutMillis());
    coordinate(write, PutResponse::new, respond);
  }

  /** Writes a tombstone descending from the request's context: a {@code DeleteResponse} or not. */
  public void delete(DeleteRequest request, Consumer<Response> respond) {
    Write write =
        new Write(
            request.key(), null, request.context(), request.consistency(), request.timeoutMillis());
    coordinate(write, DeleteResponse::new, respond);
  }

  /**
   * A conditional write or serial read, linearizable per key: a Paxos round among the key's
   * replicas ({@link ConditionalCoordination}); a {@code ConditionalResponse} or an error.
   */
  public void conditional(ConditionalRequest request, Consumer<Response> respond) {
    if (isRecordKey(request.key())) {
      respond.accept(recordKeyRefused());
      return;
    }
    conditionalOnAnyKey(request, respond);
  }

  /**
   * Commits a transaction the client ran ({@link Transactions}): a {@code TransactionResponse} or
   * an error ({@link ErrorCode#TIMEOUT} when its outcome is unknown).
   */
  public void transaction(TransactionRequest request, Consumer<Response> respond) {
    transactions.commit(request, respond);
  }

  /**
   * An operation on a named lock ({@link LockService}): a {@code LockResponse} or an error. An
   * acquisition may wait for the lock up to its request's wait.
   */
  public void lock(LockRequest request, Consumer<Response> respond) {
    locks.handle(request, respond);
  }

  private static boolean isRecordKey(byte[] key) {
    return LockRequest.isRecordKey(key) || TransactionId.isRecordKey(key);
  }

  private static ErrorResponse recordKeyRefused() {
    return ErrorResponse.of(
        ErrorCode.BAD_REQUEST,
        "keys that start with the bytes 0x00 'lock:' or 0x00 'txn:' hold the store's lock records"
            + " and transaction records; only lock and transaction requests change them: use"
            + " another key");
  }

  /** How many times a conditional request runs again after resolving an intent it met. */
  private static final int RETRIES_AFTER_RESOLVING = 2;

  /**
   * A conditional request on a key a transaction's intent holds:
   *
   * <ul>
   *   <li>a write is refused ({@link ErrorCode#CONFLICT}) once this node has tried to resolve the
   *       intent; if that ended the transaction's hold (it had committed or aborted), the write
   *       runs again instead;
   *   <li>a serial read over an intent that writes reads the transaction's record: committed, the
   *       intent is applied and the read runs again (so it sees the committed write); pending or
   *       aborted, the value before the intent is the answer (the record was still undecided after
   *       the read, so the transaction, if it commits, commits after it).
   * </ul>
   */
  private void conditionalOnAnyKey(ConditionalRequest request, Consumer<Response> respond) {
    conditionalOnAnyKey(request, respond, RETRIES_AFTER_RESOLVING);
  }

  private void conditionalOnAnyKey(
      ConditionalRequest request, Consumer<Response> respond, int retriesLeft) {
    RegisterUpdate asked = RegisterUpdate.of(request);
    Intent[] met = {null};
    RegisterUpdate update =
        (current, fences, intent) -> {
          met[0] = intent;
          return asked.decide(current, fences, intent);
        };
    updateRegister(
        request.key(),
        request.writeId(),
        update,
        request.timeoutMillis(),
        response -> {
          Intent intent = met[0];
          boolean refused =
              response instanceof ErrorResponse error && error.code() == ErrorCode.CONFLICT;
          boolean readOverWrite =
              !request.writes()
                  && response instanceof ConditionalResponse
                  && intent != null
                  && intent.writes();
          if (intent == null || !(refused || readOverWrite)) {
            respond.accept(response);
            return;
          }
          transactions.meet(
              request.key(),
              intent,
              (TransactionRecord.State state) -> {
                boolean ended = state != TransactionRecord.State.PENDING;
                if (ended
                    && retriesLeft > 0
                    && (refused || state == TransactionRecord.State.COMMITTED)) {
                  conditionalOnAnyKey(request, respond, retriesLeft - 1);
                } else if (readOverWrite && state == TransactionRecord.State.COMMITTED) {
                  respond.accept(
                      ErrorResponse.of(
                          ErrorCode.CONFLICT,
                          "the key keeps being written by committed transactions: retry the"
                              + " serial read"));
                } else {
                  respond.accept(response);
                }
              });
        });
  }

  /**
   * A Paxos round on {@code key} that writes what {@code update} decides; answers a {@code
   * ConditionalResponse} or an error.
   */
  void updateRegister(
      byte[] key,
      long writeId,
      RegisterUpdate update,
      int timeoutMillis,
      Consumer<Response> respond) {
    List<List<NodeId>> groups = replicaGroups(key);
    if (groups.isEmpty()) {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.UNAVAILABLE, "the ring is empty: this node has not joined a cluster yet"));
      return;
    }
    int timeout = timeoutMillis == 0 ? context.quorumDefaults().timeoutMillis() : timeoutMillis;
    new ConditionalCoordination(
            key,
            writeId,
            update,
            () -> replicaGroups(key),
            TimeUnit.MILLISECONDS.toNanos(timeout),
            new ConditionalCoordination.Parts(
                context.self(),
                context.transport(),
                context.scheduler(),
                context.clock(),
                writeCounter,
                keyCounters,
                // A register's clock gains an entry per node that ever proposed for the key;
                // pruning one could make a successor seem concurrent with its predecessor.
                WireLimits.CLOCK_ENTRIES_MAX,
                conditional),
            respond)
        .start();
  }

  /** The key's replicas on the current ring and on each pending ring that differs from it. */
  private List<List<NodeId>> replicaGroups(byte[] key) {
    List<List<NodeId>> groups = new ArrayList<>();
    Ring current = context.ring().current();
    if (current.isEmpty()) {
      return groups;
    }
    groups.add(replicaIds(current, key));
    for (Ring pending : context.ring().pendingRings()) {
      if (!pending.isEmpty()) {
        List<NodeId> replicas = replicaIds(pending, key);
        if (!groups.contains(replicas)) {
          groups.add(replicas);
        }
      }
    }
    return groups;
  }

  private static List<NodeId> replicaIds(Ring ring, byte[] key) {
    List<NodeId> ids = new ArrayList<>();
    for (Member replica : ring.preferenceList(key).replicas()) {
      ids.add(replica.id());
    }
    return ids;
  }

  /** A put or a delete (a null value) as the coordinator sees it. */
  private record Write(
      byte[] key,
      byte[] valueOrNull,
      VectorClock parent,
      Consistency consistency,
      int timeoutMillis) {}

  private void coordinate(
      Write write, BiFunction<VectorClock, Long, Response> success, Consumer<Response> respond) {
    if (isRecordKey(write.key())) {
      respond.accept(recordKeyRefused());
      return;
    }
    Ring ring = context.ring().current();
    QuorumPlan plan =
        plan(ring, write.key(), write.consistency(), Operation.WRITE, write.timeoutMillis());
    if (plan instanceof QuorumPlan.Refuse refuse) {
      respond.accept(refuse.error());
    } else if (write.parent().counterOf(context.self()) == Long.MAX_VALUE) {
      respond.accept(counterExhausted());
    } else {
      Versioned version = newVersion(write.key(), write.parent(), write.valueOrNull());
      ReplicaPutRequest request =
          new ReplicaPutRequest(write.key(), version, context.siblingsMax());
      Response response = success.apply(version.clock(), ring.epoch());
      QuorumPlan.Ask ask = (QuorumPlan.Ask) plan;
      Transport transport = context.transport();
      if (handoff != Handoff.OFF && !ask.standIns().isEmpty()) {
        // A replica believed DOWN is asked at once: its stand-in takes the write. Without
        // stand-ins (a ring of N nodes) the plan asks DOWN replicas last, as before.
        ask = ask.askingAllFirst();
        transport =
            new HandoffTransport(
                transport,
                ask.standIns(),
                context.ring().states(),
                handoff,
                context.scheduler(),
                ask.timeoutNanos() / 2);
      }
      new WriteCoordination(ask, request, response, respond)
          .start(transport, context.scheduler(), latency);
    }
  }

  private QuorumPlan plan(
      Ring ring, byte[] key, Consistency consistency, Operation operation, int timeoutMillis) {
    return QuorumPlan.of(
        context.self(),
        ring,
        operation == Operation.WRITE ? context.ring().pendingRings() : List.of(),
        key,
        consistency,
        operation,
        timeoutMillis,
        context.quorumDefaults(),
        new QuorumPlan.Liveness(context.ring().states(), latency.delayNanos()));
  }

  /**
   * The version a write stores: the context plus this node's dot (a fresh counter, see {@link
   * VectorClock#dot}), stamped with the wall clock read once for both the clock entry and the
   * version.
   */
  private Versioned newVersion(byte[] key, VectorClock parent, byte[] valueOrNull) {
    long nowMillis = context.clock().wallMillis();
    long counter = keyCounters.next(key, parent.counterOf(context.self()));
    VectorClock clock =
        newClock.of(parent, context.self(), counter, nowMillis, context.clockEntriesMax());
    return new Versioned(clock, nowMillis, valueOrNull);
  }

  private ErrorResponse counterExhausted() {
    return ErrorResponse.of(
        ErrorCode.BAD_REQUEST,
        "the context's counter for coordinator " + context.self() + " is at its maximum");
  }
}
