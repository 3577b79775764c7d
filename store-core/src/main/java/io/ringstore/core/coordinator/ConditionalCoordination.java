package io.ringstore.core.coordinator;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.Clock;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.Ballot;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.Fences;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.PaxosAccepted;
import io.ringstore.core.wire.PaxosCommit;
import io.ringstore.core.wire.PaxosPrepare;
import io.ringstore.core.wire.PaxosPromise;
import io.ringstore.core.wire.PaxosPropose;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The proposer of one conditional write (or serial read), or of a lock operation: Paxos on one key
 * among its replicas, the register's value carried in the proposals (CASPaxos, Rystsov 2018), in
 * three round trips. What the round writes is decided by a {@link RegisterUpdate} on the register
 * it read.
 *
 * <ol>
 *   <li><b>Prepare</b> under a fresh ballot. Each promise carries the replica's last accepted
 *       proposal and its stored versions of the key. Once a majority promised, the register's
 *       current version is the proposal accepted under the highest ballot (which may be that the
 *       key has none), or a stored version that descends from it (a commit the acceptor state of
 *       this majority has not seen, as after a ring change); with no proposal anywhere, the one
 *       stored version (several concurrent ones, left by plain writes, are refused: nothing could
 *       say which the condition means).
 *   <li><b>Propose</b> the new version, descending from the current one, if the condition holds;
 *       otherwise the current version itself (or that there is none), so that what the answer says
 *       is chosen: a round someone left unfinished is finished, and no proposal a replica outside
 *       the majority accepted under a lower ballot can be chosen after the answer (Cassandra's
 *       CASSANDRA-12126).
 *   <li><b>Commit</b> what a majority accepted to the replicas' data, where plain reads see it, and
 *       answer once a majority stored it. A version the promisers' majority already stores needs no
 *       commit: a serial read of a settled key takes two round trips.
 * </ol>
 *
 * <p>A refusal (a higher ballot), a failed replica or a phase that stays unanswered starts a new
 * round after a random backoff, under a ballot above every one seen, until the request's deadline.
 * Every proposal carries the identities of the last {@link PaxosPropose#WRITE_IDS_MAX} writes
 * applied to the key (the client's, or one drawn here); a round that finds this request's among
 * them (an earlier round's proposal a majority accepted before the refusals came, or a retry's)
 * answers that it applied, instead of applying again or reporting its own write as a failed
 * condition. The deadline answers {@link ErrorCode#TIMEOUT}, saying whether a proposal was ever
 * sent (then it may have applied).
 *
 * <p>While the ring changes, every ring's replicas take part and each ring's replicas must reach a
 * majority, so that any two rounds share an acceptor on some ring.
 *
 * <p>Threads: answers and timers arrive on any thread; the state is guarded by this object's
 * monitor, never held across a send or the answer to the client (they wait in an outbox).
 */
final class ConditionalCoordination {
  /** Longest pause between two rounds that contend. */
  static final long BACKOFF_MILLIS_MAX = 100;

  /** Bounds of how long one phase may stay unanswered before the round starts over. */
  static final long PHASE_MILLIS_MIN = 20;

  static final long PHASE_MILLIS_MAX = 1_000;

  /** What a coordination needs of its coordinator. */
  record Parts(
      NodeId self,
      Transport transport,
      Scheduler scheduler,
      Clock clock,
      WriteCounter ballots,
      KeyCounters keyCounters,
      int clockEntriesMax,
      ConditionalSettings settings) {}

  private enum Phase {
    PREPARE,
    PROPOSE,
    COMMIT,
    BACKOFF,
    DONE
  }

  private final byte[] key;
  private final RegisterUpdate update;
  private final Supplier<List<List<NodeId>>> ringGroups;
  private final Set<NodeId> targets = new LinkedHashSet<>();
  private List<List<NodeId>> groups;
  private final Parts parts;
  private final long timeoutNanos;
  private final Consumer<Response> respond;
  private final List<Runnable> outbox = new ArrayList<>();
  private final long writeId;
  private final Map<NodeId, PaxosPromise> promises = new HashMap<>();
  private final Set<NodeId> yes = new HashSet<>();
  private final Set<NodeId> no = new HashSet<>();

  private Phase phase = Phase.PREPARE;
  private int round;
  private long highestRound;
  private Ballot ballot;
  private boolean proposedEver;
  private Versioned chosen;
  private ConditionalResponse answer;
  private Scheduler.Cancellable phaseTimer;
  private Scheduler.Cancellable deadlineTimer;

  /**
   * @param key the register's key
   * @param writeId the write's identity (see {@link ConditionalRequest#writeId}); 0 draws one
   * @param update what the round writes, decided on what it read
   * @param groups the key's replicas on each ring in use (the current one first), asked again at
   *     the start of every round; a majority of each must take part in every phase of a round
   */
  ConditionalCoordination(
      byte[] key,
      long writeId,
      RegisterUpdate update,
      Supplier<List<List<NodeId>>> groups,
      long timeoutNanos,
      Parts parts,
      Consumer<Response> respond) {
    this.key = key;
    this.update = update;
    this.ringGroups = groups;
    this.timeoutNanos = timeoutNanos;
    this.parts = parts;
    this.respond = respond;
    long drawn = writeId != 0 ? writeId : parts.settings().random().nextLong();
    this.writeId = drawn != 0 ? drawn : 1;
  }

  /** Starts the first round; the answer comes through {@code respond}, exactly once. */
  void start() {
    synchronized (this) {
      deadlineTimer = parts.scheduler().schedule(timeoutNanos, this::deadlinePassed);
      startRound();
    }
    flush();
  }

  /** Called holding the monitor. */
  private void startRound() {
    round++;
    phase = Phase.PREPARE;
    promises.clear();
    yes.clear();
    no.clear();
    groups = ringGroups.get();
    targets.clear();
    groups.forEach(targets::addAll);
    if (groups.isEmpty()) {
      finishWith(ErrorResponse.of(ErrorCode.UNAVAILABLE, "the ring is empty"));
      return;
    }
    long nextRound = parts.ballots().next(Math.min(highestRound, Ballot.ROUND_MAX - 1));
    if (nextRound > Ballot.ROUND_MAX) {
      finishWith(
          ErrorResponse.of(
              ErrorCode.INTERNAL,
              "this node's ballot rounds are exhausted (" + nextRound + "); restart it"));
      return;
    }
    ballot = new Ballot(nextRound, parts.self());
    armPhaseTimer();
    PaxosPrepare prepare = new PaxosPrepare(key, ballot);
    sendToAll(prepare, Phase.PREPARE);
  }

  /** Sends {@code message} of this round's {@code sentPhase} to every target. */
  private void sendToAll(Request message, Phase sentPhase) {
    int sentRound = round;
    for (NodeId target : targets) {
      send(target, message, sentRound, sentPhase);
    }
  }

  private void send(NodeId target, Request message, int sentRound, Phase sentPhase) {
    outbox.add(
        () ->
            parts
                .transport()
                .send(
                    target,
                    message,
                    new ResponseHandler() {
                      @Override
                      public void onResponse(Response response) {
                        answered(target, response, sentRound, sentPhase);
                      }

                      @Override
                      public void onFailure(Throwable cause) {
                        answered(target, null, sentRound, sentPhase);
                      }
                    }));
  }

  /** An answer (null: the send failed) from {@code target} to a message of a round and phase. */
  private void answered(NodeId target, Response response, int sentRound, Phase sentPhase) {
    synchronized (this) {
      if (sentRound == round && sentPhase == phase) {
        switch (phase) {
          case PREPARE -> promised(target, response);
          case PROPOSE -> accepted(target, response);
          case COMMIT -> committed(target, response);
          default -> {}
        }
      } else {
        learnFromLate(response);
      }
    }
    flush();
  }

  /**
   * A refusal that came after its phase ended still teaches this node's ballots (see {@link
   * #learn}).
   */
  private void learnFromLate(Response response) {
    if (response instanceof PaxosPromise promise && !promise.promised()) {
      learn(promise.promise());
    } else if (response instanceof PaxosAccepted accepted && !accepted.accepted()) {
      learn(accepted.promise());
    }
  }

  /**
   * Raises this node's ballots above {@code higher}, a ballot a replica refused for: otherwise a
   * replica that promised or accepted a higher ballot (from a node whose clock runs ahead) would
   * refuse every later round of this node that a majority decides without it, and keep a stale
   * accepted proposal (an intent long resolved) for ever. The round itself goes on as before.
   */
  private void learn(Ballot higher) {
    if (higher.round() < Ballot.ROUND_MAX) {
      parts.ballots().raiseTo(higher.round());
    }
  }

  private void promised(NodeId target, Response response) {
    if (response instanceof PaxosPromise promise && promise.promised()) {
      promises.put(target, promise);
      yes.add(target);
    } else {
      refusedBy(target, response);
    }
    if (majorityInEveryGroup(yes)) {
      decide();
    } else if (majorityLostInSomeGroup()) {
      backOff();
    }
  }

  private void accepted(NodeId target, Response response) {
    if (response instanceof PaxosAccepted accepted && accepted.accepted()) {
      yes.add(target);
    } else {
      refusedBy(target, response);
    }
    if (majorityInEveryGroup(yes)) {
      acceptedByMajority();
    } else if (majorityLostInSomeGroup()) {
      backOff();
    }
  }

  private void committed(NodeId target, Response response) {
    if (response instanceof ReplicaPutResponse) {
      yes.add(target);
    } else {
      no.add(target);
    }
    if (majorityInEveryGroup(yes)) {
      finishWith(answer);
    } else if (majorityLostInSomeGroup()) {
      backOff();
    }
  }

  /** Notes a refusal, learning the ballot that caused it, or a failure. */
  private void refusedBy(NodeId target, Response response) {
    no.add(target);
    Ballot higher = null;
    if (response instanceof PaxosPromise promise) {
      higher = promise.promise();
    } else if (response instanceof PaxosAccepted accepted) {
      higher = accepted.promise();
    }
    if (higher != null) {
      highestRound = Math.max(highestRound, higher.round());
      learn(higher);
    }
  }

  /**
   * A majority promised: reads the register and proposes what the answer rests on. Even an answer
   * that writes nothing (a read, a failed condition) proposes the version it read, or that there is
   * none: a proposal some replica outside this majority accepted under a lower ballot could
   * otherwise still be chosen after the answer, contradicting it (Cassandra's CASSANDRA-12126).
   */
  private void decide() {
    Register register;
    try {
      register = currentRegister();
    } catch (ConcurrentVersionsException e) {
      finishWith(ErrorResponse.of(ErrorCode.BAD_REQUEST, e.getMessage()));
      return;
    }
    Versioned current = register.versionOrNull();
    Versioned own = ownWriteIn(register);
    if (own != null) {
      propose(current, register, new ConditionalResponse(true, own));
    } else {
      RegisterUpdate.Change change;
      try {
        change = update.decide(current, register.fences(), register.intentOrNull());
      } catch (RegisterUpdate.HeldByTransactionException held) {
        finishWith(ErrorResponse.of(ErrorCode.CONFLICT, held.getMessage()));
        return;
      } catch (IllegalArgumentException refused) {
        finishWith(ErrorResponse.of(ErrorCode.BAD_REQUEST, refused.getMessage()));
        return;
      }
      if (change == null) {
        propose(current, register, new ConditionalResponse(false, current));
        return;
      }
      Versioned next = change.writesValue() ? successorOf(current, change.valueOrNull()) : current;
      proposedEver = true;
      propose(
          next,
          new Register(
              next, withWriteId(register.writeIds()), change.fences(), change.intentOrNull()),
          new ConditionalResponse(true, next));
    }
  }

  /**
   * The register as a majority's promises show it: its current version (null: none), the identities
   * of the last writes applied to it, its fences and the intent of a transaction that holds it,
   * from the proposal accepted last.
   */
  private record Register(
      Versioned versionOrNull, long[] writeIds, Fences fences, Intent intentOrNull) {
    Register withVersion(Versioned version) {
      return new Register(version, writeIds, fences, intentOrNull);
    }
  }

  /** {@code writeIds} and this request's, the oldest dropped beyond the bound. */
  private long[] withWriteId(long[] writeIds) {
    int kept = Math.min(writeIds.length, PaxosPropose.WRITE_IDS_MAX - 1);
    long[] next = Arrays.copyOfRange(writeIds, writeIds.length - kept, writeIds.length + 1);
    next[kept] = writeId;
    return next;
  }

  /**
   * Proposes {@code proposalOrNull}, with the identities of the writes applied up to it and the
   * fences of {@code register}; {@code result} is the answer once it is chosen and stored.
   */
  private void propose(Versioned proposalOrNull, Register register, ConditionalResponse result) {
    chosen = proposalOrNull;
    answer = result;
    phase = Phase.PROPOSE;
    yes.clear();
    no.clear();
    armPhaseTimer();
    PaxosPropose propose =
        new PaxosPropose(
            key,
            ballot,
            proposalOrNull,
            register.writeIds(),
            register.fences(),
            register.intentOrNull());
    sendToAll(propose, Phase.PROPOSE);
  }

  /** A majority accepted: commits what needs it, or answers. */
  private void acceptedByMajority() {
    if (chosen == null || storedByMajority(chosen)) {
      finishWith(answer);
    } else {
      startCommit();
    }
  }

  private void startCommit() {
    phase = Phase.COMMIT;
    yes.clear();
    no.clear();
    armPhaseTimer();
    PaxosCommit commit = new PaxosCommit(key, chosen);
    sendToAll(commit, Phase.COMMIT);
  }

  /**
   * The register's current version among the promises: see the class comment. Null if the key has
   * none anywhere in this majority.
   */
  private Register currentRegister() {
    Ballot highest = null;
    Versioned accepted = null;
    long[] writeIds = new long[0];
    Fences fences = Fences.NONE;
    Intent intent = null;
    List<Versioned> stored = new ArrayList<>();
    for (PaxosPromise promise : promises.values()) {
      Ballot ballotSeen = promise.acceptedBallotOrNull();
      if (ballotSeen != null && ballotSeen.isAbove(highest)) {
        highest = ballotSeen;
        accepted = promise.acceptedOrNull();
        writeIds = promise.writeIds();
        fences = promise.fences();
        intent = promise.intentOrNull();
      }
      stored.addAll(Arrays.asList(promise.stored()));
    }
    if (parts.settings().rule() == ConditionalSettings.ProposerRule.SKIPS_ACCEPTED) {
      highest = null;
      accepted = null;
    }
    if (parts.settings().rule() == ConditionalSettings.ProposerRule.IGNORES_FENCES) {
      fences = Fences.NONE;
    }
    if (highest == null) {
      Siblings siblings = Siblings.of(stored);
      if (siblings.size() > 1) {
        throw new ConcurrentVersionsException(siblings.size());
      }
      return new Register(
          siblings.isEmpty() ? null : siblings.versions().get(0), writeIds, fences, intent);
    }
    if (accepted == null) {
      // a chosen proposal that the key has no version
      return new Register(null, writeIds, fences, intent);
    }
    Register current = new Register(accepted, writeIds, fences, intent);
    for (Versioned version : stored) {
      if (version.clock().compare(current.versionOrNull().clock()) == Occurred.AFTER) {
        current = current.withVersion(version);
      }
    }
    return current;
  }

  /** The key holds versions no single one descends from, left by plain writes. */
  private static final class ConcurrentVersionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConcurrentVersionsException(int count) {
      super(
          "the key has "
              + count
              + " concurrent versions left by plain writes, and a conditional write needs one:"
              + " read the key and write it once with a plain put of the read's context, then"
              + " retry",
          null,
          false,
          false);
    }
  }

  /**
   * The register's current version if this request's write is among the last ones applied to it (an
   * earlier round of this coordination, a retry's, or a copy the network delivered twice), by its
   * write identity; null if not. Not by clocks: a clock whose entry ran out of runs claims the
   * events in its lowest gap (see {@code VectorClock}), which may hold a proposal that was never
   * chosen, and the version would then seem to descend from it.
   */
  private Versioned ownWriteIn(Register register) {
    Versioned current = register.versionOrNull();
    if (current == null) {
      return null;
    }
    for (long applied : register.writeIds()) {
      if (applied == writeId) {
        return current;
      }
    }
    return null;
  }

  /**
   * The version this request writes: descending from {@code current}, with an event of this node.
   */
  private Versioned successorOf(Versioned current, byte[] value) {
    VectorClock parent = current == null ? VectorClock.empty() : current.clock();
    long nowMillis = parts.clock().wallMillis();
    long counter = parts.keyCounters().next(key, parent.counterOf(parts.self()));
    VectorClock clock = parent.successor(parts.self(), counter, nowMillis, parts.clockEntriesMax());
    return value == null
        ? Versioned.tombstone(clock, nowMillis)
        : Versioned.of(clock, nowMillis, value);
  }

  /**
   * Whether a majority of every group among the promisers stores {@code version} or a successor.
   */
  private boolean storedByMajority(Versioned version) {
    Set<NodeId> storing = new HashSet<>();
    promises.forEach(
        (node, promise) -> {
          for (Versioned stored : promise.stored()) {
            Occurred order = stored.clock().compare(version.clock());
            if (order == Occurred.EQUAL || order == Occurred.AFTER) {
              storing.add(node);
              return;
            }
          }
        });
    return majorityInEveryGroup(storing);
  }

  private boolean majorityInEveryGroup(Set<NodeId> nodes) {
    for (List<NodeId> group : groups) {
      if (countIn(group, nodes) <= group.size() / 2) {
        return false;
      }
    }
    return true;
  }

  private boolean majorityLostInSomeGroup() {
    for (List<NodeId> group : groups) {
      if (group.size() - countIn(group, no) <= group.size() / 2) {
        return true;
      }
    }
    return false;
  }

  private static int countIn(List<NodeId> group, Set<NodeId> nodes) {
    int count = 0;
    for (NodeId node : group) {
      if (nodes.contains(node)) {
        count++;
      }
    }
    return count;
  }

  /** Ends this round and starts the next after a random pause, within the deadline. */
  private void backOff() {
    phase = Phase.BACKOFF;
    cancelPhaseTimer();
    long capMillis = Math.min(BACKOFF_MILLIS_MAX, 1L << Math.min(round, 10));
    long pauseNanos =
        TimeUnit.MILLISECONDS.toNanos(parts.settings().random().nextInt((int) capMillis + 1));
    int backedOff = round;
    phaseTimer =
        parts
            .scheduler()
            .schedule(
                pauseNanos,
                () -> {
                  synchronized (this) {
                    if (phase == Phase.BACKOFF && round == backedOff) {
                      startRound();
                    }
                  }
                  flush();
                });
  }

  private void armPhaseTimer() {
    cancelPhaseTimer();
    long phaseNanos =
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(PHASE_MILLIS_MIN),
            Math.min(TimeUnit.MILLISECONDS.toNanos(PHASE_MILLIS_MAX), timeoutNanos / 5));
    int armedRound = round;
    Phase armedPhase = phase;
    phaseTimer =
        parts
            .scheduler()
            .schedule(
                phaseNanos,
                () -> {
                  synchronized (this) {
                    if (round == armedRound && phase == armedPhase) {
                      backOff();
                    }
                  }
                  flush();
                });
  }

  private void cancelPhaseTimer() {
    if (phaseTimer != null) {
      phaseTimer.cancel();
      phaseTimer = null;
    }
  }

  private void deadlinePassed() {
    synchronized (this) {
      if (phase != Phase.DONE) {
        finishWith(
            ErrorResponse.of(
                ErrorCode.TIMEOUT,
                proposedEver
                    ? "the conditional write timed out after "
                        + round
                        + " Paxos rounds and may have applied: read the key with a serial read"
                    : "the conditional operation timed out after "
                        + round
                        + " Paxos rounds without a majority of replicas; it did not apply"));
      }
    }
    flush();
  }

  /** Called holding the monitor: the one answer, sent after the monitor is released. */
  private void finishWith(Response result) {
    phase = Phase.DONE;
    cancelPhaseTimer();
    if (deadlineTimer != null) {
      deadlineTimer.cancel();
    }
    outbox.add(() -> respond.accept(result));
  }

  /** Runs what waits in the outbox, outside the monitor. */
  private void flush() {
    while (true) {
      List<Runnable> due;
      synchronized (this) {
        if (outbox.isEmpty()) {
          return;
        }
        due = new ArrayList<>(outbox);
        outbox.clear();
      }
      due.forEach(Runnable::run);
    }
  }
}
