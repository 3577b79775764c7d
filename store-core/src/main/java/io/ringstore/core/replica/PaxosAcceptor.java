package io.ringstore.core.replica;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.AcceptorState;
import io.ringstore.core.wire.Ballot;
import io.ringstore.core.wire.Intent;
import io.ringstore.core.wire.PaxosAccepted;
import io.ringstore.core.wire.PaxosPrepare;
import io.ringstore.core.wire.PaxosPromise;
import io.ringstore.core.wire.PaxosPropose;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One replica's part in the Paxos rounds of conditional writes: it promises and accepts, each
 * answer sent only once what it promised or accepted is durable.
 *
 * <p>The rules (single-decree Paxos applied to a register, as in CASPaxos, Rystsov 2018): a prepare
 * is promised if its ballot is above every ballot promised or accepted before, and the promise
 * carries the last accepted proposal and the versions the replica stores for the key (what commits
 * applied), so that the proposer reads the register in the same round trip (Cassandra's Paxos v2
 * does the same). A proposal is accepted if its ballot is at least the one promised and above the
 * one last accepted; a duplicate of the proposal accepted last is accepted again. The commit that
 * follows is an ordinary replica write of the chosen version ({@link ReplicaService#paxosCommit}).
 *
 * <p><b>Threads.</b> Requests for one key are serialized by a lock stripe, held from the read of
 * the state to the append of its successor (never across the wait for the disk: the answer goes
 * from the thread that made it durable; a refusal is answered after the lock is released). Updates
 * append in order, and a later answer's record is durable no earlier than an earlier one's, so a
 * crash cannot keep a later promise and lose an earlier one.
 */
public final class PaxosAcceptor {
  /** How promises are kept: durably, or (the simulator's bite proof) in memory only. */
  public enum Promises {
    /** Written to the store before the promise is answered. */
    DURABLE,
    /**
     * Kept in this object only, so a restart forgets them: a proposal under a lower ballot may then
     * be accepted after a higher one was promised, which can lose a chosen value.
     */
    FORGOTTEN_AT_RESTART
  }

  private static final int STRIPES = 256;

  private final PaxosStore store;
  private final StorageEngine data;
  private final Promises promises;
  private final Object[] stripes = new Object[STRIPES];
  private final Map<ByteBuffer, Ballot> promisesInMemory = new ConcurrentHashMap<>();
  private final Map<ByteBuffer, Intent> intents = new ConcurrentHashMap<>();

  /**
   * An acceptor over {@code store} that reports {@code data}'s versions, keeping promises durably.
   */
  public PaxosAcceptor(PaxosStore store, StorageEngine data) {
    this(store, data, Promises.DURABLE);
  }

  /** An acceptor that keeps its promises as {@code promises} says. */
  public PaxosAcceptor(PaxosStore store, StorageEngine data, Promises promises) {
    this.store = Objects.requireNonNull(store, "store");
    this.data = Objects.requireNonNull(data, "data");
    this.promises = Objects.requireNonNull(promises, "promises");
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
    indexIntents();
  }

  /**
   * Finds the intents the store holds (after a restart: those of transactions that were running). A
   * record that does not decode ends the scan; the keys after it are found when a round meets them.
   */
  private void indexIntents() {
    try {
      Iterator<PaxosStore.Scanned> states = store.scan(TokenRange.full());
      while (states.hasNext()) {
        PaxosStore.Scanned scanned = states.next();
        track(scanned.key(), scanned.state());
      }
    } catch (IllegalStateException unreadable) {
      // left for the rounds that meet them; see the comment
    }
  }

  /**
   * The keys whose last accepted proposal carries a transaction's intent, with the intent: what
   * {@code IntentSweeper} resolves. A live view.
   */
  public Map<ByteBuffer, Intent> intents() {
    return Collections.unmodifiableMap(intents);
  }

  private void track(byte[] key, AcceptorState state) {
    ByteBuffer name = ByteBuffer.wrap(key.clone());
    if (state.intentOrNull() == null) {
      intents.remove(name);
    } else {
      intents.put(name, state.intentOrNull());
    }
  }

  /** Promises the ballot if it is above all seen, answering with what this replica knows. */
  public void prepare(PaxosPrepare request, Consumer<Response> respond) {
    answerOutsideTheLock(() -> prepareLocked(request, respond), respond);
  }

  /** Accepts the proposal unless a higher ballot was promised or accepted. */
  public void propose(PaxosPropose request, Consumer<Response> respond) {
    answerOutsideTheLock(() -> proposeLocked(request, respond), respond);
  }

  /**
   * Runs {@code decision} (which returns the answer to give at once, or null when a durable write
   * will answer) and gives that answer after the stripe lock is released, so that nothing the
   * answer sets off (a local proposer's next phase) runs under it. A failure answers once, as an
   * error.
   */
  private static void answerOutsideTheLock(
      Supplier<Response> decision, Consumer<Response> respond) {
    Response now;
    try {
      now = decision.get();
    } catch (RuntimeException e) {
      now = ReplicaService.errorFor(e);
    }
    if (now != null) {
      respond.accept(now);
    }
  }

  private Response prepareLocked(PaxosPrepare request, Consumer<Response> respond) {
    synchronized (stripeOf(request.key())) {
      PaxosStore.Stored stored = store.read(request.key());
      AcceptorState state = stored.state();
      Ballot promise = promiseOf(request.key(), state);
      Ballot highest = higher(promise, state.acceptedBallotOrNull());
      if (!request.ballot().isAbove(highest)) {
        return PaxosPromise.refused(highest);
      }
      PaxosPromise promised =
          new PaxosPromise(
              true,
              request.ballot(),
              state.acceptedBallotOrNull(),
              state.acceptedOrNull(),
              state.writeIds(),
              state.fences(),
              state.intentOrNull(),
              storedVersions(request.key()));
      if (promises == Promises.FORGOTTEN_AT_RESTART) {
        promisesInMemory.put(ByteBuffer.wrap(request.key().clone()), request.ballot());
      }
      store.write(
          request.key(), stored, state.promising(request.ballot()), answer(respond, promised));
      return null;
    }
  }

  /**
   * A duplicate of the proposal accepted last is answered as accepted once its state is durable,
   * like the first copy: the first copy's record may not be durable yet when the second arrives.
   * Only while no higher ballot was promised since: the accepted proposal may have come by a merge
   * ({@link #merge}) after this acceptor promised a higher ballot without reporting it, and
   * acknowledging it then would let its proposer count a vote this acceptor never gave.
   */
  private Response proposeLocked(PaxosPropose request, Consumer<Response> respond) {
    synchronized (stripeOf(request.key())) {
      PaxosStore.Stored stored = store.read(request.key());
      AcceptorState state = stored.state();
      Ballot ballot = request.ballot();
      Ballot promise = promiseOf(request.key(), state);
      boolean notBelowPromise = promise == null || ballot.compareTo(promise) >= 0;
      boolean duplicate =
          notBelowPromise
              && ballot.equals(state.acceptedBallotOrNull())
              && Objects.equals(request.proposalOrNull(), state.acceptedOrNull());
      boolean acceptable = notBelowPromise && ballot.isAbove(state.acceptedBallotOrNull());
      if (!acceptable && !duplicate) {
        return new PaxosAccepted(false, higher(promise, state.acceptedBallotOrNull()));
      }
      // A duplicate rewrites the state as it is (which already holds the accept), never lowering
      // a promise made since.
      AcceptorState next = duplicate ? state : state.accepting(request);
      store.write(request.key(), stored, next, answer(respond, new PaxosAccepted(true, ballot)));
      track(request.key(), next);
      return null;
    }
  }

  /**
   * Merges {@code incoming}, another replica's state of {@code key}, into this replica's ({@link
   * AcceptorState#mergedWith}); {@code callback} hears once the merged state is durable, or the
   * failure. The merged state is written even when it equals the stored one, which may not be
   * durable yet.
   */
  public void merge(byte[] key, AcceptorState incoming, PutCallback callback) {
    try {
      synchronized (stripeOf(key)) {
        PaxosStore.Stored stored = store.read(key);
        AcceptorState merged = stored.state().mergedWith(incoming);
        store.write(key, stored, merged, callback);
        track(key, merged);
      }
    } catch (RuntimeException e) {
      callback.failed(e);
    }
  }

  /** This replica's states of the keys in {@code range} ({@link PaxosStore#scan}). */
  public Iterator<PaxosStore.Scanned> scan(TokenRange range) {
    return store.scan(range);
  }

  private Ballot promiseOf(byte[] key, AcceptorState state) {
    if (promises == Promises.DURABLE) {
      return state.promiseOrNull();
    }
    return higher(promisesInMemory.get(ByteBuffer.wrap(key)), state.acceptedBallotOrNull());
  }

  private Versioned[] storedVersions(byte[] key) {
    List<Versioned> versions = data.get(key);
    if (versions.size() > WireLimits.SIBLINGS_MAX) {
      versions = Siblings.of(versions).latest(WireLimits.SIBLINGS_MAX);
    }
    return versions.toArray(new Versioned[0]);
  }

  private static Ballot higher(Ballot a, Ballot b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  /** Answers {@code answer} once the state is durable, or the failure. */
  private static PutCallback answer(Consumer<Response> respond, Response answer) {
    return new PutCallback() {
      @Override
      public void completed(PutOutcome outcome) {
        respond.accept(answer);
      }

      @Override
      public void failed(RuntimeException failure) {
        respond.accept(ReplicaService.errorFor(failure));
      }
    };
  }

  private Object stripeOf(byte[] key) {
    return stripes[(Arrays.hashCode(key) & Integer.MAX_VALUE) % STRIPES];
  }
}
