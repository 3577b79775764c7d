package io.ringstore.core.membership;

import io.ringstore.core.cluster.NodeId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request-level evidence about other nodes (DESIGN.md, "Detection"): what the requests this node
 * sends them say, long before phi-accrual over heartbeats could. A node is suspected at once when a
 * request to it fails (a refused or broken connection, the transport's own timeout), or when it has
 * left requests unanswered for {@code silentAfterNanos} while answering none; any answer from it
 * clears both. It also counts each node's requests in flight, which {@link ObservedTransport}
 * bounds.
 *
 * <p><b>Silence.</b> {@code silentSinceNanos} is the first send after the node's last answer; every
 * answer clears it. A node is silent once that send is older than the bound with no answer since:
 * one slow request among many answered ones never makes it silent, a paused process does. A lost
 * request (the transport promises no callback) can make a node look silent only until it answers
 * the next one, which gossip sends within a round.
 *
 * <p><b>Threads.</b> Lock-free: sends and answers come from any thread; every field is atomic, and
 * a race between a send and an answer can at worst delay a judgement by one request. {@code
 * onChange} runs when a node's evidence-based suspicion flips, on the thread that flipped it.
 */
public final class PeerEvidence {
  private static final long IDLE = Long.MIN_VALUE;

  private final Map<NodeId, Peer> peers = new ConcurrentHashMap<>();
  private final long silentAfterNanos;
  private volatile Runnable onChange = () -> {};

  /** Evidence that calls a node silent after {@code silentAfterNanos} without an answer. */
  public PeerEvidence(long silentAfterNanos) {
    if (silentAfterNanos <= 0) {
      throw new IllegalArgumentException("silentAfterNanos must be positive");
    }
    this.silentAfterNanos = silentAfterNanos;
  }

  /** Runs {@code listener} whenever a node's request failure suspicion is raised or cleared. */
  void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** A request to {@code node} leaves at {@code nowNanos}; returns the count now in flight. */
  int sent(NodeId node, long nowNanos) {
    Peer peer = peer(node);
    peer.silentSinceNanos.compareAndSet(IDLE, nowNanos);
    return peer.inFlight.incrementAndGet();
  }

  /** A request to {@code node} was not sent after all (refused before it left). */
  void unsent(NodeId node) {
    peer(node).inFlight.decrementAndGet();
  }

  /** {@code node} answered at {@code nowNanos}: it is alive. */
  void answered(NodeId node, long nowNanos) {
    Peer peer = peer(node);
    peer.inFlight.decrementAndGet();
    peer.silentSinceNanos.set(IDLE);
    if (peer.failed.compareAndSet(true, false)) {
      onChange.run();
    }
  }

  /** A request to {@code node} failed without an answer: suspect it. */
  void failed(NodeId node) {
    Peer peer = peer(node);
    peer.inFlight.decrementAndGet();
    if (peer.failed.compareAndSet(false, true)) {
      onChange.run();
    }
  }

  /** {@code node} showed life some other way (a gossip message from it): clears a failure. */
  void heardFrom(NodeId node) {
    Peer peer = peers.get(node);
    if (peer != null && peer.failed.compareAndSet(true, false)) {
      onChange.run();
    }
  }

  /** Whether the requests to {@code node} say it should not be waited on, at {@code nowNanos}. */
  public boolean suspects(NodeId node, long nowNanos) {
    Peer peer = peers.get(node);
    if (peer == null) {
      return false;
    }
    long since = peer.silentSinceNanos.get();
    return peer.failed.get() || (since != IDLE && nowNanos - since > silentAfterNanos);
  }

  /** Requests to {@code node} now in flight. */
  public int inFlight(NodeId node) {
    Peer peer = peers.get(node);
    return peer == null ? 0 : Math.max(0, peer.inFlight.get());
  }

  private Peer peer(NodeId node) {
    return peers.computeIfAbsent(node, n -> new Peer());
  }

  private static final class Peer {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong silentSinceNanos = new AtomicLong(IDLE);
    final AtomicBoolean failed = new AtomicBoolean();
  }
}
