package io.ringstore.client;

import io.ringstore.client.netty.ConnectionPool;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.RingRequest;
import io.ringstore.core.wire.RingResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The default {@link RingSource}: asks the seeds one after another with a {@link RingRequest} until
 * one answers with a {@link RingResponse}; fails, naming every seed's failure, if none does. {@link
 * #fetchFrom} asks a given node first, then the seeds.
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
    return fetch(seeds);
  }

  /** The ring of {@code node} (one that announced a newer ring epoch), or else of a seed. */
  CompletionStage<Ring> fetchFrom(Endpoint node) {
    List<Endpoint> nodeFirst = new ArrayList<>(seeds.size() + 1);
    nodeFirst.add(node);
    nodeFirst.addAll(seeds);
    return fetch(nodeFirst);
  }

  private CompletionStage<Ring> fetch(List<Endpoint> nodes) {
    CompletableFuture<Ring> ring = new CompletableFuture<>();
    NoReachableNodeException failures =
        new NoReachableNodeException("could not learn the ring from any of " + nodes);
    ask(nodes, 0, failures, ring);
    return ring;
  }

  private void ask(
      List<Endpoint> nodes,
      int index,
      NoReachableNodeException failures,
      CompletableFuture<Ring> ring) {
    if (index >= nodes.size()) {
      ring.completeExceptionally(failures);
      return;
    }
    Endpoint seed = nodes.get(index);
    pool.send(
        seed,
        new RingRequest(),
        timeoutMillis,
        new ResponseHandler() {
          @Override
          public void onResponse(Response response) {
            if (response instanceof RingResponse answer) {
              completeWith(answer, nodes, index, failures, ring);
            } else {
              onFailure(new RingstoreException(seed + " answered a ring request with " + response));
            }
          }

          @Override
          public void onFailure(Throwable cause) {
            failures.addSuppressed(cause);
            ask(nodes, index + 1, failures, ring);
          }
        });
  }

  private void completeWith(
      RingResponse answer,
      List<Endpoint> nodes,
      int index,
      NoReachableNodeException failures,
      CompletableFuture<Ring> ring) {
    try {
      ring.complete(answer.toRing(partitioner));
    } catch (IllegalArgumentException invalid) {
      failures.addSuppressed(
          new RingstoreException(nodes.get(index) + " sent an invalid ring", invalid));
      ask(nodes, index + 1, failures, ring);
    }
  }
}
