package io.ringstore.client;

import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.RingRequest;
import io.ringstore.core.wire.RingResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The default {@link RingSource}: asks the seeds one after another with a {@link RingRequest} until
 * one answers with a {@link RingResponse}; fails, naming every seed's failure, if none does.
 */
final class SeedRingSource implements RingSource {
  private final List<Endpoint> seeds;
  private final ConnectionPool pool;
  private final Partitioner partitioner;
  private final long timeoutMillis;

  SeedRingSource(
      List<Endpoint> seeds, ConnectionPool pool, Partitioner partitioner, long timeoutMillis) {
    this.seeds = List.copyOf(seeds);
    this.pool = pool;
    this.partitioner = partitioner;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public CompletionStage<Ring> fetch() {
    CompletableFuture<Ring> ring = new CompletableFuture<>();
    ask(0, new NoReachableNodeException("could not learn the ring from any seed " + seeds), ring);
    return ring;
  }

  private void ask(int index, NoReachableNodeException failures, CompletableFuture<Ring> ring) {
    if (index >= seeds.size()) {
      ring.completeExceptionally(failures);
      return;
    }
    Endpoint seed = seeds.get(index);
    pool.send(
        seed,
        new RingRequest(),
        timeoutMillis,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            if (response instanceof RingResponse answer) {
              completeWith(answer, seed, index, failures, ring);
            } else {
              onFailure(new RingstoreException(seed + " answered a ring request with " + response));
            }
          }

          @Override
          public void onFailure(Throwable cause) {
            failures.addSuppressed(cause);
            ask(index + 1, failures, ring);
          }
        });
  }

  private void completeWith(
      RingResponse answer,
      Endpoint seed,
      int index,
      NoReachableNodeException failures,
      CompletableFuture<Ring> ring) {
    try {
      ring.complete(answer.toRing(partitioner));
    } catch (IllegalArgumentException invalid) {
      failures.addSuppressed(new RingstoreException(seed + " sent an invalid ring", invalid));
      ask(index + 1, failures, ring);
    }
  }
}
