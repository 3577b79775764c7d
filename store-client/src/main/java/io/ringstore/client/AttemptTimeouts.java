package io.ringstore.client;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.wire.WireLimits;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * How long one attempt of a request waits for its coordinator before the request moves on to the
 * next replica: short when another replica is left, derived from the latencies the client saw.
 *
 * <p><b>Formula.</b> For an attempt with another replica after it:
 *
 * <pre>
 *   attemptMillis = min(max(MULTIPLIER x p99, FLOOR_MILLIS), leftMillis / replicasLeft)
 *   p99           = the lower median, over the nodes with enough samples, of each node's
 *                   99th percentile of its last {@link LatencyWindow#SAMPLES_MAX} attempts
 * </pre>
 *
 * and the last replica gets all the time left. Until some node has {@link
 * LatencyWindow#RECOMPUTE_EVERY} samples, attempts split the time left evenly among the replicas
 * left (the policy before this class: safe, if slow on a silent node).
 *
 * <p><b>Why these choices.</b>
 *
 * <ul>
 *   <li><b>Per-node windows, median across nodes</b>: a single percentile over every answer follows
 *       a slow node, since its answers are the slowest third of the samples; that is how a "p99"
 *       speculative threshold grew until it never fired (ScyllaDB issue 7342). The median of the
 *       nodes' percentiles moves only when most nodes slow down, which is when waiting longer is
 *       right.
 *   <li><b>Timeouts count as samples</b> of the timeout's length (censored samples), and so do
 *       coordinators' missed quorums (they come at the coordinator's deadline, just under the
 *       attempt's): otherwise a window only ever sees answers faster than the current timeout, and
 *       a cluster uniformly slower than it (a load spike) would time out forever. With them, once
 *       more than 1% of a node's attempts end so, its p99 reaches the timeout and the next timeout
 *       doubles; the even share of the time left caps the growth. Only short attempts count
 *       timeouts: a last attempt's timeout is the request's.
 *   <li><b>The floor</b>, {@value #FLOOR_MILLIS} ms: healthy p99 on a LAN is a few ms, so the floor
 *       is what applies in steady state. A timeout wrongly suspects a live coordinator and may
 *       retry a write elsewhere (a sibling, see {@link RoutedCall}), and a JVM pause of tens of ms
 *       is ordinary; a node that really goes silent costs only the requests already in flight to it
 *       one such timeout each, since the first timeout suspects it ({@link NodeHealth}). The
 *       coordinator is told the attempt's budget less a margin, so at the floor it still has 38 ms
 *       for its quorum and asks a read's third replica after a quarter of that ({@code
 *       QuorumPlan.readFallbackNanos}): one silent replica does not fail a read. So the floor is
 *       set well above ordinary pauses, not at the lowest value that would do.
 *   <li><b>Multiplier</b> {@value #MULTIPLIER}: an answer twice as slow as the node's own p99 is
 *       rarer than 1 in 100 and is worth trying elsewhere.
 * </ul>
 *
 * <p><b>Threads.</b> Safe from any thread. The timeout in force is one volatile read; recording a
 * sample locks its node's window, and every {@link LatencyWindow#RECOMPUTE_EVERY} samples of a node
 * the formula is recomputed over the windows (a few nodes: a few dozen reads).
 *
 * <p><b>Bounds.</b> One window per node ever answered, at most {@link #NODES_MAX} (the largest
 * ring); samples of further nodes are ignored. Windows of departed nodes stay, holding their last
 * percentile, until the client closes.
 */
final class AttemptTimeouts {
  /** Shortest timeout of an attempt that leaves another replica to try. */
  static final long FLOOR_MILLIS = 50;

  /** The timeout is this many times the p99. */
  static final long MULTIPLIER = 2;

  /** Most nodes tracked: the largest ring. */
  static final int NODES_MAX = WireLimits.RING_MEMBERS_MAX;

  /** What {@link #derivedMillis} returns before any node has enough samples. */
  static final long UNKNOWN = -1;

  private final ConcurrentMap<NodeId, LatencyWindow> windows = new ConcurrentHashMap<>();
  private volatile long derivedMillis = UNKNOWN;

  /**
   * The timeout of an attempt with {@code leftMillis} left before the request's deadline and {@code
   * replicasLeft} replicas not yet tried (this attempt's included); at least 1 ms.
   */
  long attemptMillis(long leftMillis, int replicasLeft) {
    if (replicasLeft <= 1) {
      return Math.max(leftMillis, 1);
    }
    long evenShareMillis = Math.max(leftMillis / replicasLeft, 1);
    long derived = derivedMillis;
    return derived == UNKNOWN ? evenShareMillis : Math.min(derived, evenShareMillis);
  }

  /** {@code max(MULTIPLIER x p99, FLOOR_MILLIS)} as last computed, or {@link #UNKNOWN}. */
  long derivedMillis() {
    return derivedMillis;
  }

  /** An attempt to {@code node} was answered after {@code latencyNanos}. */
  void answered(NodeId node, long latencyNanos) {
    record(node, Math.max(latencyNanos, 0));
  }

  /** A short attempt to {@code node} timed out after {@code timeoutMillis}: a censored sample. */
  void timedOut(NodeId node, long timeoutMillis) {
    record(node, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
  }

  private void record(NodeId node, long latencyNanos) {
    LatencyWindow window = windows.get(node);
    if (window == null) {
      if (windows.size() >= NODES_MAX) {
        return;
      }
      window = windows.computeIfAbsent(node, id -> new LatencyWindow());
    }
    if (window.record(latencyNanos)) {
      recompute();
    }
  }

  private void recompute() {
    long[] p99s = windows.values().stream().mapToLong(LatencyWindow::p99Nanos).toArray();
    long[] known = Arrays.stream(p99s).filter(p99 -> p99 != LatencyWindow.UNKNOWN).toArray();
    if (known.length == 0) {
      return;
    }
    Arrays.sort(known);
    long medianNanos = known[(known.length - 1) / 2];
    long millis = ceilMillis(medianNanos) * MULTIPLIER;
    derivedMillis = Math.max(millis, FLOOR_MILLIS);
  }

  private static long ceilMillis(long nanos) {
    return (nanos + TimeUnit.MILLISECONDS.toNanos(1) - 1) / TimeUnit.MILLISECONDS.toNanos(1);
  }
}
