package io.ringstore.client;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Which nodes the client suspects, from the evidence of its own requests: the client side of
 * "request-level evidence" in DESIGN.md ("Failure handling").
 *
 * <p><b>Problem.</b> A node that stops answering without closing its connections (a pause, a long
 * GC, a partition) is invisible to the connection pool: sends succeed and only their timeouts say
 * something is wrong. Without memory of that, every request whose key starts at that node waits a
 * timeout before moving on.
 *
 * <p><b>States.</b> A node is <i>trusted</i> (absent from the map) or <i>suspected</i>. One timed
 * out request or one failed connection suspects it at once; one answer (to a real request or to a
 * probe) trusts it again. Suspicion changes order, never membership: {@link #order} moves suspected
 * replicas behind the trusted ones, so they are still asked when every trusted replica fails.
 *
 * <p><b>The way back.</b> A suspected node gets a probe (a {@code Ping}, sent by whoever calls
 * {@link #claimProbe} and wins) once per {@link #probeIntervalNanos} after the last evidence
 * against it, and at most one at a time. A node that answers again is therefore trusted within
 * about one interval plus its answer's round trip, and a node that stays silent costs one ping per
 * interval, never a user request.
 *
 * <p><b>Threads.</b> Safe from any thread: one {@link ConcurrentMap} of immutable entries, changed
 * by atomic compute operations. The hot path, no node suspected, is one empty-map check per
 * request. Time comes from the injected {@link Clock} only.
 *
 * <p><b>Bounds.</b> One entry per suspected node, and nodes come from rings of at most {@code
 * WireLimits.RING_MEMBERS_MAX} members; entries of nodes that left the ring stay until they answer
 * a probe or the client closes (a handful per membership change).
 */
final class NodeHealth {
  /** Default time between probes of a suspected node. */
  static final long PROBE_INTERVAL_MILLIS_DEFAULT = 200;

  private final Clock clock;
  private final long probeIntervalNanos;
  private final ConcurrentMap<NodeId, Suspicion> suspected = new ConcurrentHashMap<>();

  /**
   * Why and since when a node is suspected.
   *
   * @param sinceNanos when the first evidence of this suspicion arrived
   * @param probeDueNanos when the next probe may start
   * @param probing whether a probe is in flight
   */
  private record Suspicion(long sinceNanos, long probeDueNanos, boolean probing) {}

  NodeHealth(Clock clock, long probeIntervalMillis) {
    if (probeIntervalMillis < 1) {
      throw new IllegalArgumentException(
          "probeIntervalMillis is " + probeIntervalMillis + ", must be at least 1");
    }
    this.clock = clock;
    this.probeIntervalNanos = TimeUnit.MILLISECONDS.toNanos(probeIntervalMillis);
  }

  /** Suspects {@code node} now: a request to it timed out or its connection failed. */
  void suspect(NodeId node) {
    long nowNanos = clock.monotonicNanos();
    suspected.merge(
        node,
        new Suspicion(nowNanos, nowNanos + probeIntervalNanos, false),
        (old, fresh) -> new Suspicion(old.sinceNanos(), fresh.probeDueNanos(), false));
  }

  /** Trusts {@code node} again: it answered. */
  void trust(NodeId node) {
    if (!suspected.isEmpty()) {
      suspected.remove(node);
    }
  }

  boolean isSuspected(NodeId node) {
    return !suspected.isEmpty() && suspected.containsKey(node);
  }

  /** Nodes suspected now. */
  int suspectedCount() {
    return suspected.size();
  }

  /**
   * {@code replicas} with the suspected ones moved behind the trusted ones, each group in its
   * original order; {@code replicas} itself when none is suspected.
   */
  List<Member> order(List<Member> replicas) {
    if (suspected.isEmpty()) {
      return replicas;
    }
    List<Member> trusted = new ArrayList<>(replicas.size());
    List<Member> last = new ArrayList<>(replicas.size());
    for (Member replica : replicas) {
      (suspected.containsKey(replica.id()) ? last : trusted).add(replica);
    }
    if (last.isEmpty()) {
      return replicas;
    }
    trusted.addAll(last);
    return trusted;
  }

  /**
   * Whether the caller should probe {@code node} now: true for one caller when the node is
   * suspected, no probe is in flight and its probe is due. The winner must report the outcome with
   * {@link #trust} or {@link #suspect}.
   */
  boolean claimProbe(NodeId node) {
    Suspicion current = suspected.get(node);
    if (current == null || current.probing() || clock.monotonicNanos() < current.probeDueNanos()) {
      return false;
    }
    Suspicion claimed = new Suspicion(current.sinceNanos(), current.probeDueNanos(), true);
    return suspected.replace(node, current, claimed);
  }
}
