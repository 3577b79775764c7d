package io.ringstore.client;

import io.netty.util.concurrent.EventExecutorGroup;
import io.ringstore.client.netty.Endpoint;
import io.ringstore.core.ring.Ring;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the ring the client routes by and keeps it fresh: fetched from the {@link RingSource} at
 * start, every refresh interval, soon after a request found a replica unreachable (the ring may
 * have changed), and as soon as a coordinator answers with a newer ring epoch than the client's
 * ({@link #observed}): then from that coordinator, which has the newer ring. A fetched ring
 * replaces the current one only if its epoch is not older. At most one fetch runs at a time;
 * requests that arrive before the first ring wait for that fetch.
 *
 * <p><b>Coalescing.</b> Every response names an epoch, and a ring change reaches thousands of
 * responses at once: only the first that names an epoch newer than both the ring's and the newest
 * already asked for starts a fetch, and none starts while one runs. A fetch that fails allows the
 * next newer epoch seen to try again; one that brings back an older ring than announced does not
 * (the periodic refresh catches up), so a confused node cannot cause a fetch per response.
 *
 * <p>Reads of the current ring are a volatile read: routing takes no lock, and a response with the
 * current epoch costs two volatile reads.
 */
final class RingRouter implements RoutedCall.RingEpochs {
  private static final Logger LOG = LoggerFactory.getLogger(RingRouter.class);

  private final RingSource source;
  private final EventExecutorGroup timers;
  private final Function<Endpoint, CompletionStage<Ring>> fetchFromNode;
  private final long refreshIntervalMillis;
  private volatile Ring ring;
  private volatile long epochAskedFor = -1;
  private CompletableFuture<Ring> fetching;
  private boolean closed;

  /**
   * @param fetchFromNode fetches the ring from a node that announced a newer epoch
   */
  RingRouter(
      RingSource source,
      Function<Endpoint, CompletionStage<Ring>> fetchFromNode,
      EventExecutorGroup timers,
      long refreshIntervalMillis) {
    this.source = source;
    this.fetchFromNode = fetchFromNode;
    this.timers = timers;
    this.refreshIntervalMillis = refreshIntervalMillis;
  }

  /** Fetches the first ring and starts the periodic refresh. */
  void start() {
    refresh();
    schedulePeriodicRefresh();
  }

  private void schedulePeriodicRefresh() {
    try {
      timers.schedule(this::periodicRefresh, refreshIntervalMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      LOG.debug("the ring refresh stops: the client is closed");
    }
  }

  private void periodicRefresh() {
    if (!isClosed()) {
      refresh();
      schedulePeriodicRefresh();
    }
  }

  /** The ring: the current one at once, or the first one once fetched. */
  CompletableFuture<Ring> ring() {
    Ring current = ring;
    return current != null ? CompletableFuture.completedFuture(current) : refresh();
  }

  /** The current ring's epoch, or -1 before the first ring arrives. */
  long currentEpoch() {
    Ring current = ring;
    return current != null ? current.epoch() : -1;
  }

  /** Starts a fetch unless one is running; returns the running or new fetch. */
  synchronized CompletableFuture<Ring> refresh() {
    if (fetching != null) {
      return fetching;
    }
    return startFetch(source.fetch());
  }

  @Override
  public void observed(long ringEpoch, Endpoint node) {
    Ring current = ring;
    if (current != null && ringEpoch > current.epoch() && ringEpoch > epochAskedFor) {
      refreshFrom(node, ringEpoch);
    }
  }

  private synchronized void refreshFrom(Endpoint node, long ringEpoch) {
    if (fetching != null || closed || ringEpoch <= epochAskedFor) {
      return;
    }
    epochAskedFor = ringEpoch;
    LOG.debug("{} plans against ring epoch {}: fetching its ring", node, ringEpoch);
    startFetch(fetchFromNode.apply(node));
  }

  /** Called holding the lock, with no fetch running. */
  private CompletableFuture<Ring> startFetch(CompletionStage<Ring> fetchStage) {
    CompletableFuture<Ring> fetch = new CompletableFuture<>();
    fetching = fetch;
    fetchStage.whenComplete((fetched, failure) -> fetched(fetch, fetched, failure));
    return fetch;
  }

  private void fetched(CompletableFuture<Ring> fetch, Ring fetched, Throwable failure) {
    synchronized (this) {
      fetching = null;
      if (fetched != null && (ring == null || fetched.epoch() >= ring.epoch())) {
        ring = fetched;
      }
      if (failure != null && ring != null) {
        epochAskedFor = ring.epoch();
      }
    }
    if (failure != null) {
      LOG.warn("could not refresh the ring: {}", failure.toString());
      fetch.completeExceptionally(failure);
    } else {
      fetch.complete(ring);
    }
  }

  synchronized void close() {
    closed = true;
  }

  private synchronized boolean isClosed() {
    return closed;
  }
}
