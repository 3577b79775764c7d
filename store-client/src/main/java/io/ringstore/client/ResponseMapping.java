package io.ringstore.client;

import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.DeleteResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.LockResponse;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.QuorumFailedResponse;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.TransactionResponse;

/** Turns a node's response into a result, or into the exception it stands for. */
final class ResponseMapping {
  private ResponseMapping() {}

  /** Maps a response to a result of one operation; {@code node} names the coordinator. */
  interface Mapper<T> {
    T map(Endpoint node, Response response);
  }

  static GetResult get(Endpoint node, Response response) {
    if (response instanceof GetResponse got) {
      return GetResult.of(got.versions());
    }
    throw failure(node, response);
  }

  static PutResult put(Endpoint node, Response response) {
    if (response instanceof PutResponse put) {
      return new PutResult(new VersionContext(put.version()));
    }
    throw failure(node, response);
  }

  static DeleteResult delete(Endpoint node, Response response) {
    if (response instanceof DeleteResponse deleted) {
      return new DeleteResult(new VersionContext(deleted.version()));
    }
    throw failure(node, response);
  }

  static ConditionalResult conditional(Endpoint node, Response response) {
    if (response instanceof ConditionalResponse answer) {
      VersionContext context =
          answer.currentOrNull() == null
              ? VersionContext.empty()
              : new VersionContext(answer.currentOrNull().clock());
      return new ConditionalResult(answer.applied(), answer.valueOrNull(), context);
    }
    throw failure(node, response);
  }

  static Boolean transaction(Endpoint node, Response response) {
    if (response instanceof TransactionResponse answer) {
      if (answer.outcome() == TransactionResponse.Outcome.CONFLICT) {
        throw new TransactionConflictException(answer.detail());
      }
      return Boolean.TRUE;
    }
    throw failure(node, response);
  }

  static LockResponse lock(Endpoint node, Response response) {
    if (response instanceof LockResponse answer) {
      return answer;
    }
    throw failure(node, response);
  }

  /** What {@link #ringEpochOf} returns for a response that names no ring epoch. */
  static final long NO_RING_EPOCH = -1;

  /** The ring epoch a successful response was planned against, or {@link #NO_RING_EPOCH}. */
  static long ringEpochOf(Response response) {
    if (response instanceof GetResponse got) {
      return got.ringEpoch();
    }
    if (response instanceof PutResponse put) {
      return put.ringEpoch();
    }
    if (response instanceof DeleteResponse deleted) {
      return deleted.ringEpoch();
    }
    return NO_RING_EPOCH;
  }

  /** Whether the coordinator answered that it missed its quorum in time (or at all). */
  static boolean isQuorumMissed(Response response) {
    return response instanceof QuorumFailedResponse
        || (response instanceof ErrorResponse error && error.code() == ErrorCode.TIMEOUT);
  }

  /**
   * Whether the coordinator refused before doing anything ({@code UNAVAILABLE}: the node is still
   * starting, or its ring cannot hold the quorum): another replica may serve it, and even a write
   * may go there, since nothing was applied.
   */
  static boolean isRefusedUntouched(Response response) {
    return response instanceof ErrorResponse error && error.code() == ErrorCode.UNAVAILABLE;
  }

  /** Whether another replica may succeed where {@code response} failed. */
  static boolean isWorthAnotherReplica(Response response) {
    return response instanceof ErrorResponse error && error.code() == ErrorCode.OVERLOADED;
  }

  private static RingstoreException failure(Endpoint node, Response response) {
    if (response instanceof QuorumFailedResponse missed) {
      return new QuorumFailedException(
          node.toString(),
          missed.replicasAnswered(),
          missed.replicasRequired(),
          missed.replicasAsked());
    }
    if (response instanceof ErrorResponse error && error.code() == ErrorCode.TIMEOUT) {
      return new RequestTimeoutException(
          node + " timed out coordinating the request: " + error.message(), null);
    }
    if (response instanceof ErrorResponse error) {
      return new ServerErrorException(node.toString(), error.code(), error.message());
    }
    return new RingstoreException(
        node
            + " answered with an unexpected "
            + response.getClass().getSimpleName()
            + "; the client and the node may run incompatible versions");
  }
}
