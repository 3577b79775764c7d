package io.ringstore.core.replica;

import io.ringstore.core.storage.LimitExceededException;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageClosedException;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageException;
import io.ringstore.core.storage.StorageFullException;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
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
 * <p><b>Threads.</b> Storage calls may block on disk, and requests arrive on network event loops
 * that must never block, so every storage call runs on the injected {@code storageExecutor}: a
 * bounded storage thread pool in production when writes wait for fsyncs, {@code Runnable::run} in
 * tests, the simulator, and in production when no call can wait for the disk (the composition root
 * decides). The answer is sent from that executor's thread. A ping touches no storage and is
 * answered at once. An executor that refuses work (its queue is full) yields {@link
 * ErrorCode#OVERLOADED}.
 *
 * <p><b>Errors.</b> No exception escapes: a storage failure becomes an {@link ErrorResponse} whose
 * code says what the coordinator may do about it (see {@link #errorFor}), and {@code respond} is
 * called exactly once per request.
 */
public final class ReplicaService {
  private final StorageEngine storage;
  private final Executor storageExecutor;

  public ReplicaService(StorageEngine storage, Executor storageExecutor) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.storageExecutor = Objects.requireNonNull(storageExecutor, "storageExecutor");
  }

  /** Serves {@code request} and calls {@code respond} once with its answer. */
  public void handle(PeerRequest request, Consumer<Response> respond) {
    if (request instanceof Ping ping) {
      respond.accept(new Pong(ping.sentNanos()));
      return;
    }
    try {
      storageExecutor.execute(() -> respond.accept(serve(request)));
    } catch (RejectedExecutionException e) {
      respond.accept(
          ErrorResponse.of(
              ErrorCode.OVERLOADED, "replica storage queue is full; retry on another replica"));
    }
  }

  /** The answer to a storage request; runs on the storage executor and never throws. */
  private Response serve(PeerRequest request) {
    try {
      if (request instanceof ReplicaGetRequest get) {
        return read(get);
      }
      if (request instanceof ReplicaPutRequest put) {
        return write(put);
      }
      throw new IllegalStateException("no storage operation for " + request.getClass());
    } catch (RuntimeException e) {
      return errorFor(e);
    }
  }

  private ReplicaGetResponse read(ReplicaGetRequest request) {
    List<Versioned> versions = storage.get(request.key());
    if (versions.size() > WireLimits.SIBLINGS_MAX) {
      versions = Siblings.of(versions).latest(WireLimits.SIBLINGS_MAX);
    }
    return new ReplicaGetResponse(versions.toArray(new Versioned[0]));
  }

  /**
   * Stores the version. An obsolete one (this replica holds it or a newer one) is answered with
   * {@code applied=false}, which the coordinator still counts as an acknowledgement.
   */
  private ReplicaPutResponse write(ReplicaPutRequest request) {
    PutOutcome outcome = storage.put(request.key(), request.version());
    return new ReplicaPutResponse(outcome == PutOutcome.STORED);
  }

  /**
   * The error for a failed storage call: the request was too large for this replica (bad request,
   * retrying will not help), the replica cannot store right now (unavailable: disk full or engine
   * closed, another replica may), or a bug or I/O failure (internal).
   */
  static ErrorResponse errorFor(RuntimeException failure) {
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
