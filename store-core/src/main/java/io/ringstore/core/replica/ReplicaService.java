package io.ringstore.core.replica;

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
 * <p><b>Threads.</b> Requests arrive on network event loops that must never block. A write is
 * appended on the caller's thread and answered when the engine calls back ({@link
 * StorageEngine#putThen}): under fsync ALWAYS from the thread whose group-commit force made it
 * durable, so no thread waits for the disk and no write is handed to another thread. A read runs on
 * the injected {@code readExecutor}: {@code Runnable::run} in production (a read finds its value in
 * the value cache or the page cache) and in tests and the simulator, a pool where reads may wait
 * for the disk (the composition root decides). A ping touches no storage and is answered at once.
 * An executor that refuses work (its queue is full) yields {@link ErrorCode#OVERLOADED}.
 *
 * <p><b>Errors.</b> No exception escapes: a storage failure becomes an {@link ErrorResponse} whose
 * code says what the coordinator may do about it (see {@link #errorFor}), and {@code respond} is
 * called exactly once per request.
 */
public final class ReplicaService {
  private final StorageEngine storage;
  private final Executor readExecutor;

  public ReplicaService(StorageEngine storage, Executor readExecutor) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.readExecutor = Objects.requireNonNull(readExecutor, "readExecutor");
  }

  /** Serves {@code request} and calls {@code respond} once with its answer. */
  public void handle(PeerRequest request, Consumer<Response> respond) {
    if (request instanceof Ping ping) {
      respond.accept(new Pong(ping.sentNanos()));
      return;
    }
    if (request instanceof ReplicaPutRequest put) {
      write(put, respond);
      return;
    }
    try {
      readExecutor.execute(() -> respond.accept(serve(request)));
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
   * Stores the version and answers once it is durable. An obsolete one (this replica holds it or a
   * newer one) is answered with {@code applied=false}, which the coordinator still counts as an
   * acknowledgement.
   */
  private void write(ReplicaPutRequest request, Consumer<Response> respond) {
    storage.putThen(
        request.key(),
        request.version(),
        new PutCallback() {
          @Override
          public void completed(PutOutcome outcome) {
            respond.accept(new ReplicaPutResponse(outcome == PutOutcome.STORED));
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
