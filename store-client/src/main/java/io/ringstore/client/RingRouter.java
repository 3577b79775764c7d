package io.ringstore.client;

import io.netty.util.concurrent.EventExecutorGroup;
import io.ringstore.core.ring.Ring;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the ring the client routes by and keeps it fresh: fetched from the {@link RingSource} at
 * start, every refresh interval, and soon after a request found a replica unreachable (the ring may
 * have changed). A fetched ring replaces the current one only if its epoch is not older. At most
 * one fetch runs at a time; requests that arrive before the first ring wait for that fetch.
 *
 * <p>Reads of the current ring are a volatile read: routing takes no lock.
 */
final class RingRouter {
  private static final Logger LOG = LoggerFactory.getLogger(RingRouter.class);

  private final RingSource source;
  private final EventExecutorGroup timers;
  private final long refreshIntervalMillis;
  private volatile Ring ring;
  private CompletableFuture<Ring> fetching;
  private boolean closed;

  RingRouter(RingSource source, EventExecutorGroup timers, long refreshIntervalMillis) {
    this.source = source;
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

  /** Starts a fetch unless one is running; returns the running or new fetch. */
  synchronized CompletableFuture<Ring> refresh() {
    if (fetching != null) {
      return fetching;
    }
    CompletableFuture<Ring> fetch = new CompletableFuture<>();
    fetching = fetch;
    source.fetch().whenComplete((fetched, failure) -> fetched(fetch, fetched, failure));
    return fetch;
  }

  private void fetched(CompletableFuture<Ring> fetch, Ring fetched, Throwable failure) {
    synchronized (this) {
      fetching = null;
      if (fetched != null && (ring == null || fetched.epoch() >= ring.epoch())) {
        ring = fetched;
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
