package io.ringstore.core.replica;

import io.ringstore.core.hints.HintStore;
import io.ringstore.core.storage.LimitExceededException;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageClosedException;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageException;
import io.ringstore.core.storage.StorageFullException;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.PaxosCommit;
import io.ringstore.core.wire.PaxosPrepare;
import io.ringstore.core.wire.PaxosPropose;
import io.ringstore.core.wire.PeerRequest;
import io.ringstore.core.wire.Ping;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaGetResponse;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Serves the requests coordinators send to a replica: read a key's versions, store a version,
 * answer a ping. It holds no state of its own; the {@link StorageEngine} is the replica.
 *
 * <p><b>Threads.</b> Requests arrive on network event loops that must never block. A write does not
 * wait for its fsync on the calling thread: it appends and is answered when its force completes
 * ({@link StorageEngine#putAsync}), from the thread that forced; it appends on the calling thread.
 * Reads run on the injected {@code storageExecutor}: {@code Runnable::run} in production (a cached
 * read takes microseconds, less than a hand-off to another thread), in tests and in the simulator;
 * a pool where reads could wait for a disk (the composition root decides). A read's answer is sent
 * from that executor's thread. A ping touches no storage and is answered at once. An executor that
 * refuses a read (its queue is full) yields {@link ErrorCode#OVERLOADED}.
 *
 * <p><b>Errors.</b> No exception escapes: a storage failure becomes an {@link ErrorResponse} whose
 * code says what the coordinator may do about it (see {@link #errorFor}), and {@code respond} is
 * called exactly once per request.
 */
public final class ReplicaService {
  private final StorageEngine storage;
  private final Executor storageExecutor;
  private final HintStore hints;
  private final PaxosAcceptor paxos;

  /** A replica that keeps no hints: it refuses to stand in for another. */
  public ReplicaService(StorageEngine storage, Executor storageExecutor) {
    this(storage, storageExecutor, null);
  }

  /**
   * A replica that also stands in for unreachable ones, keeping their writes in {@code hints}.
   *
   * @param hints where hinted writes go; null to refuse them
   */
  public ReplicaService(StorageEngine storage, Executor storageExecutor, HintStore hints) {
    this(storage, storageExecutor, hints, null);
  }

  /**
   * A replica that stands in for unreachable ones and takes part in conditional writes.
   *
   * @param hints where hinted writes go; null to refuse them
   * @param paxos the acceptor of conditional writes' Paxos rounds; null to refuse them
   */
  public ReplicaService(
      StorageEngine storage, Executor storageExecutor, HintStore hints, PaxosAcceptor paxos) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.storageExecutor = Objects.requireNonNull(storageExecutor, "storageExecutor");
    this.hints = hints;
    this.paxos = paxos;
  }

  /**
   * Serves any peer request this service knows and calls {@code respond} once with its answer; a
   * request of another type is answered with {@link ErrorCode#BAD_REQUEST}. The node's request
   * handler calls the typed methods below; this entry serves the coordinator's own requests.
   */
  public void handle(PeerRequest request, Consumer<Response> respond) {
    if (request instanceof ReplicaPutRequest put) {
      put(put, respond);
    } else if (request instanceof ReplicaGetRequest get) {
      get(get, respond);
    } else if (request instanceof HintedPutRequest hint) {
      hint(hint, respond);
    } else if (request instanceof Ping ping) {
      ping(ping, respond);
    } else if (request instanceof PaxosPrepare prepare) {
      paxosPrepare(prepare, respond);
    } else if (request instanceof PaxosPropose propose) {
      paxosPropose(propose, respond);
    } else if (request instanceof PaxosCommit commit) {
      paxosCommit(commit, respond);
    } else {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.BAD_REQUEST,
              request.getClass().getSimpleName() + " is not a request a replica serves"));
    }
  }

  /** Answers at once: a ping touches no storage. */
  public void ping(Ping ping, Consumer<Response> respond) {
    respond.accept(new Pong(ping.sentNanos()));
  }

  /** Reads the key's versions and answers with them or with a storage error. */
  public void get(ReplicaGetRequest request, Consumer<Response> respond) {
    onStorage(() -> respond.accept(read(request)), respond);
  }

  /**
   * Stores the version and answers once it is durable, or with a storage error. Runs on the calling
   * thread, never on the storage executor: an append takes microseconds and {@link
   * StorageEngine#putAsync} never waits for the disk.
   */
  public void put(ReplicaPutRequest request, Consumer<Response> respond) {
    write(request, respond);
  }

  /**
   * Keeps a write for an unreachable replica as a hint, answering {@link ReplicaPutResponse} once
   * it is durable; {@link ErrorCode#OVERLOADED} when the owner's hints are at their bound or this
   * node keeps none, so that the coordinator tries another stand-in.
   */
  public void hint(HintedPutRequest request, Consumer<Response> respond) {
    if (hints == null) {
      respond.accept(ErrorResponse.of(ErrorCode.OVERLOADED, "this node keeps no hints"));
      return;
    }
    try {
      hints.store(
          request,
          kept ->
              respond.accept(
                  kept
                      ? ReplicaPutResponse.of(true)
                      : ErrorResponse.of(
                          ErrorCode.OVERLOADED,
                          "the hints for " + request.owner() + " are at their bound")),
          failure -> respond.accept(errorFor(failure)));
    } catch (RuntimeException e) {
      respond.accept(errorFor(e));
    }
  }

  /** Phase one of a conditional write's Paxos round (see {@link PaxosAcceptor#prepare}). */
  public void paxosPrepare(PaxosPrepare request, Consumer<Response> respond) {
    if (paxosServed(respond)) {
      paxos.prepare(request, respond);
    }
  }

  /** Phase two of a conditional write's Paxos round (see {@link PaxosAcceptor#propose}). */
  public void paxosPropose(PaxosPropose request, Consumer<Response> respond) {
    if (paxosServed(respond)) {
      paxos.propose(request, respond);
    }
  }

  /**
   * Stores a conditional write's chosen version as the key's data, where plain reads see it: an
   * ordinary replica write (never bounded by siblings: the version exists on a majority already).
   */
  public void paxosCommit(PaxosCommit request, Consumer<Response> respond) {
    if (paxosServed(respond)) {
      write(new ReplicaPutRequest(request.key(), request.version()), respond);
    }
  }

  private boolean paxosServed(Consumer<Response> respond) {
    if (paxos == null) {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.BAD_REQUEST, "this replica takes no part in conditional writes"));
    }
    return paxos != null;
  }

  private void onStorage(Runnable call, Consumer<Response> respond) {
    try {
      storageExecutor.execute(call);
    } catch (RejectedExecutionException e) {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.OVERLOADED, "replica storage queue is full; retry on another replica"));
    }
  }

  /** The key's versions, or the error a failed storage call becomes; never throws. */
  private Response read(ReplicaGetRequest request) {
    try {
      List<Versioned> versions = storage.get(request.key());
      if (versions.size() > WireLimits.SIBLINGS_MAX) {
        versions = Siblings.of(versions).latest(WireLimits.SIBLINGS_MAX);
      }
      return new ReplicaGetResponse(versions.toArray(new Versioned[0]));
    } catch (RuntimeException e) {
      return errorFor(e);
    }
  }

  /**
   * Stores the version and answers once it is durable, from the thread that made it so, without
   * holding this one (see {@link StorageEngine#putAsync}). An obsolete one (this replica holds it
   * or a newer one) is answered with {@code applied=false}, which the coordinator still counts as
   * an acknowledgement.
   */
  private void write(ReplicaPutRequest request, Consumer<Response> respond) {
    storage.putAsync(
        request.key(),
        request.version(),
        request.siblingsMax(),
        new PutCallback() {
          @Override
          public void completed(PutOutcome outcome) {
            respond.accept(ReplicaPutResponse.of(outcome == PutOutcome.STORED));
          }

          @Override
          public void failed(RuntimeException failure) {
            respond.accept(errorFor(failure));
          }
        });
  }

  /**
   * The error for a failed storage call: the request was too large for this replica (bad request,
   * retrying will not help), the replica cannot store right now (unavailable: disk full or engine
   * closed, another replica may), or a bug or I/O failure (internal).
   */
  public static ErrorResponse errorFor(RuntimeException failure) {
    String message = "replica storage: " + failure.getMessage();
    if (failure instanceof LimitExceededException) {
      return ErrorResponse.of(ErrorCode.BAD_REQUEST, message);
    }
    if (failure instanceof StorageFullException || failure instanceof StorageClosedException) {
      return ErrorResponse.of(ErrorCode.UNAVAILABLE, message);
    }
    if (failure instanceof StorageException) {
      return ErrorResponse.of(ErrorCode.INTERNAL, message);
    }
    return ErrorResponse.of(ErrorCode.INTERNAL, "replica failed unexpectedly (a bug): " + failure);
  }
}
