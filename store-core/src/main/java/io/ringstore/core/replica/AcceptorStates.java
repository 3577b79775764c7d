package io.ringstore.core.replica;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.wire.AcceptorEntry;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.PaxosStatesPush;
import io.ringstore.core.wire.PaxosStatesRequest;
import io.ringstore.core.wire.PaxosStatesResponse;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A replica's side of handing Paxos acceptor state over when ranges move (the movement's {@code
 * PaxosHandover} drives it): it answers a page of its states of a range, and merges states pushed
 * to it into its own ({@link PaxosAcceptor#merge}). Scans run on the injected {@code work} executor
 * (a background thread in production, as anti-entropy's do); merges append without waiting for the
 * disk and answer once every merged state is durable.
 */
public final class AcceptorStates {
  /** A page stops taking keys of a new token once it holds this many bytes of keys and states. */
  static final int PAGE_BYTES_MAX = 4 * 1024 * 1024;

  /** A page stops taking keys of a new token once it holds this many states. */
  static final int PAGE_STATES_MAX = 4_096;

  private final PaxosAcceptor acceptor;
  private final Executor work;

  public AcceptorStates(PaxosAcceptor acceptor, Executor work) {
    this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
    this.work = Objects.requireNonNull(work, "work");
  }

  /** Answers a page of this replica's states of the request's range. */
  public void page(PaxosStatesRequest request, Consumer<Response> respond) {
    try {
      work.execute(() -> respond.accept(answerOf(request.range())));
    } catch (RejectedExecutionException e) {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.OVERLOADED, "this node's background work is busy; retry later"));
    }
  }

  private Response answerOf(TokenRange range) {
    try {
      return pageOf(range);
    } catch (RuntimeException e) {
      return ErrorResponse.of(ErrorCode.INTERNAL, "reading Paxos states failed: " + e);
    }
  }

  /**
   * This replica's states of the keys in {@code range}, in token order, from the first: as many
   * tokens' keys as fit {@link #PAGE_BYTES_MAX} and {@link #PAGE_STATES_MAX} (at least one
   * token's), truncated if more follow. Keys that hold no state (their record was deleted) are left
   * out.
   */
  public PaxosStatesResponse pageOf(TokenRange range) {
    Iterator<PaxosStore.Scanned> keys = acceptor.scan(range);
    List<AcceptorEntry> page = new ArrayList<>();
    long bytes = 0;
    boolean any = false;
    long lastToken = 0;
    while (keys.hasNext()) {
      PaxosStore.Scanned key = keys.next();
      if (key.state().isEmpty()) {
        continue;
      }
      boolean full = bytes >= PAGE_BYTES_MAX || page.size() >= PAGE_STATES_MAX;
      if (any && key.token() != lastToken && full) {
        return new PaxosStatesResponse(page, true, lastToken);
      }
      page.add(new AcceptorEntry(key.key(), key.state()));
      bytes += bytesOf(key);
      any = true;
      lastToken = key.token();
    }
    return new PaxosStatesResponse(page, false, lastToken);
  }

  /** What a state takes in a page: its key and its stored form (clock, write ids, fences too). */
  private static long bytesOf(PaxosStore.Scanned key) {
    return key.key().length + (long) key.state().encode().length;
  }

  /** Merges the pushed states and answers {@link ReplicaPutResponse} once all are durable. */
  public void push(PaxosStatesPush push, Consumer<Response> respond) {
    mergeAll(
        push.states(),
        failure ->
            respond.accept(
                failure == null ? ReplicaPutResponse.of(true) : ReplicaService.errorFor(failure)));
  }

  /**
   * Merges {@code states} into this replica's; {@code done} hears null once every merged state is
   * durable, or the first failure.
   */
  public void mergeAll(List<AcceptorEntry> states, Consumer<RuntimeException> done) {
    if (states.isEmpty()) {
      done.accept(null);
      return;
    }
    PutCallback callback = PutCallback.all(states.size(), done);
    for (AcceptorEntry state : states) {
      acceptor.merge(state.key(), state.state(), callback);
    }
  }
}
