package io.ringstore.node.net;

import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.wire.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test helpers: a response handler completing a future, and bounded waits. */
final class Responses {
  /** The longest any test waits for one outcome; far above what loopback needs. */
  static final long AWAIT_SECONDS = 10;

  private Responses() {}

  static ResponseHandler into(CompletableFuture<Response> future) {
    return new ResponseHandler() {
      @Override
      public void onResponse(Response response) {
        future.complete(response);
      }

      @Override
      public void onFailure(Throwable cause) {
        future.completeExceptionally(cause);
      }
    };
  }

  static Response await(CompletableFuture<Response> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(AWAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The failure of a future that must fail, waiting a bounded time. */
  static Throwable awaitFailure(CompletableFuture<Response> future) throws InterruptedException {
    try {
      Response response = future.get(AWAIT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + response);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("no outcome within " + AWAIT_SECONDS + " s", e);
    }
  }
}
