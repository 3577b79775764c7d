package io.ringstore.node.admin;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.RatioGauge;
import com.codahale.metrics.jmx.JmxReporter;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.coordinator.CoordinatorStats;
import io.ringstore.core.coordinator.RingView;
import io.ringstore.core.hints.HintStore;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.storage.log.StorageStats;
import io.ringstore.core.time.Clock;
import io.ringstore.core.wire.RepairStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * A node's metrics, in one Dropwizard {@link MetricRegistry} under {@code ringstore.}: requests
 * served and sent ({@link RequestMetrics}), peers by state, connections, and the storage engine's
 * counters. The registry is published over JMX (domain {@code ringstore}) and, by the {@link
 * AdminServer}, in Prometheus's text format.
 *
 * <pre>
 *   ringstore.requests.TYPE.CONSISTENCY           timer: requests served, by type and level
 *   ringstore.requests_failed.TYPE.REASON         counter: answers reporting a failure
 *   ringstore.requests_in_flight                  gauge: requests being served now
 *   ringstore.peer_requests.TYPE.none             timer: requests sent to other nodes
 *   ringstore.peer_requests_failed.TYPE.REASON    counter, reason no_answer when none came
 *   ringstore.peer_requests_in_flight             gauge
 *   ringstore.peers.STATE                         gauge: other ring members up, suspect, down
 *   ringstore.connections                         gauge: open client and peer connections
 *   ringstore.reads.*                             gauges: reads answered, with siblings,
 *                                                 repairing a replica; repair writes sent
 *   ringstore.storage.*                           gauges of the storage engine (see below)
 * </pre>
 *
 * The storage gauges that only grow ({@code writes}, {@code fsyncs}, ...) are totals since the node
 * started: take their rate. Group commit's force time is a total in seconds beside the count of
 * forces, so that the rate of one over the other is the mean fsync latency.
 */
public final class NodeMetrics {
  private static final String PREFIX = "ringstore";

  private final MetricRegistry registry = new MetricRegistry();
  private final RequestMetrics served;
  private final RequestMetrics sent;

  /** Metrics whose request timers read {@code clock}. */
  public NodeMetrics(Clock clock) {
    this.served = new RequestMetrics(registry, clock, PREFIX + ".requests");
    this.sent = new RequestMetrics(registry, clock, PREFIX + ".peer_requests");
  }

  /** The registry, for exporters. */
  public MetricRegistry registry() {
    return registry;
  }

  /** {@code handler}, timing and counting every request it serves. */
  public RequestHandler served(RequestHandler handler) {
    return new MeteredRequestHandler(handler, served);
  }

  /** {@code transport}, timing and counting every request sent through it. */
  public Transport sent(Transport transport) {
    return new MeteredTransport(transport, sent);
  }

  /**
   * Gauges of the other ring members by state: how many {@code ring} believes up, suspect, down.
   */
  public void peers(NodeId self, RingView ring) {
    for (NodeState state : NodeState.HEALTHIEST_FIRST) {
      registry.gauge(
          name("peers", state.name().toLowerCase(Locale.ROOT)),
          () -> () -> peersIn(state, self, ring));
    }
  }

  private static int peersIn(NodeState state, NodeId self, RingView view) {
    Ring ring = view.current();
    NodeStates states = view.states();
    int count = 0;
    for (Member member : ring.members()) {
      if (!member.id().equals(self) && states.stateOf(member.id()) == state) {
        count++;
      }
    }
    return count;
  }

  /**
   * Gauges of the coordinator's reads: answered, answered with siblings, repairing a replica, and
   * the repair writes sent ({@code ringstore.reads.*}; totals since start: take their rate).
   */
  public void reads(CoordinatorStats stats) {
    registry.gauge(name("reads", "answered"), () -> (Gauge<Long>) stats::reads);
    registry.gauge(name("reads", "with_siblings"), () -> (Gauge<Long>) stats::readsWithSiblings);
    registry.gauge(name("reads", "repairing"), () -> (Gauge<Long>) stats::readsRepairing);
    registry.gauge(name("reads", "repair_writes"), () -> (Gauge<Long>) stats::repairWrites);
  }

  /**
   * Gauges of the hints this node holds for others ({@code ringstore.hints.*}): held, their bytes
   * and the age of the oldest, over every owner; and the totals since start of hints stored,
   * delivered to their owners, dropped (past the hint window, or unreadable), and refused at an
   * owner's bound.
   */
  public void hints(HintStore store, Clock clock) {
    registry.gauge(name("hints", "held"), () -> (Gauge<Integer>) store::size);
    registry.gauge(
        name("hints", "bytes"),
        () ->
            (Gauge<Long>)
                () -> store.backlogs().stream().mapToLong(HintStore.Backlog::bytes).sum());
    registry.gauge(
        name("hints", "oldest_age_seconds"),
        () ->
            (Gauge<Long>)
                () ->
                    store.backlogs().stream()
                        .mapToLong(b -> (clock.wallMillis() - b.oldestMillis()) / 1000)
                        .max()
                        .orElse(0));
    registry.gauge(name("hints", "stored"), () -> (Gauge<Long>) () -> store.counts().stored());
    registry.gauge(
        name("hints", "delivered"), () -> (Gauge<Long>) () -> store.counts().delivered());
    registry.gauge(name("hints", "dropped"), () -> (Gauge<Long>) () -> store.counts().dropped());
    registry.gauge(name("hints", "refused"), () -> (Gauge<Long>) () -> store.counts().refused());
  }

  /**
   * Gauges of anti-entropy: whether a run is going, runs finished, and the current or last run's
   * ranges done and failed, keys compared, received and sent, bytes streamed.
   */
  public void repair(Supplier<RepairStatus> status) {
    registry.gauge(
        name("repair", "running"), () -> (Gauge<Integer>) () -> status.get().running() ? 1 : 0);
    repairCount("runs_finished", () -> status.get().runsFinished());
    repairCount("ranges_total", () -> status.get().rangesTotal());
    repairCount("ranges_done", () -> status.get().rangesDone());
    repairCount("ranges_failed", () -> status.get().rangesFailed());
    repairCount("keys_compared", () -> status.get().keysCompared());
    repairCount("keys_received", () -> status.get().keysReceived());
    repairCount("keys_sent", () -> status.get().keysSent());
    repairCount("bytes_streamed", () -> status.get().bytesStreamed());
  }

  private void repairCount(String what, LongSupplier count) {
    registry.gauge(name("repair", what), () -> (Gauge<Long>) count::getAsLong);
  }

  /** A gauge of open connections, clients' and peers'. */
  public void connections(IntSupplier open) {
    registry.gauge(name("connections"), () -> open::getAsInt);
  }

  /**
   * Gauges of the storage engine's counters, and of the bytes its files take in {@code dataDir}.
   */
  public void storage(StorageStats stats, Path dataDir) {
    storageCount("disk_bytes", () -> bytesUnder(dataDir));
    storageCount("live_keys", stats::liveKeys);
    storageCount("segments", stats::segmentCount);
    storageCount("writes", stats::writes);
    storageCount("fsyncs", stats::fsyncs);
    storageCount("group_commit_forces", stats::groupCommitForces);
    storageCount("group_commit_writes", stats::groupCommitWrites);
    storageSeconds("group_commit_force_seconds", stats::groupCommitForceNanos);
    storageSeconds("group_commit_force_max_seconds", stats::groupCommitForceNanosMax);
    storageCount("cache_hits", stats::cacheHits);
    storageCount("cache_misses", stats::cacheMisses);
    registry.gauge(
        name("storage", "cache_hit_ratio"),
        () ->
            new RatioGauge() {
              @Override
              protected Ratio getRatio() {
                return Ratio.of(stats.cacheHits(), stats.cacheHits() + stats.cacheMisses());
              }
            });
    storageCount("compactions", stats::compactionsRun);
    storageCount("compaction_bytes_reclaimed", stats::bytesReclaimed);
    storageCount("tombstones_dropped", stats::tombstonesDropped);
    storageCount("corrupt_records_skipped", stats::corruptRecordsSkipped);
    storageCount("torn_tails_truncated", stats::tornTailsTruncated);
  }

  /** The bytes of the files under {@code directory}; -1 if it cannot be read. */
  private static long bytesUnder(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(NodeMetrics::sizeOf).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // deleted by compaction since the walk listed it
    }
  }

  private void storageCount(String name, LongSupplier value) {
    registry.gauge(name("storage", name), () -> (Gauge<Long>) value::getAsLong);
  }

  private void storageSeconds(String name, LongSupplier nanos) {
    registry.gauge(
        name("storage", name),
        () -> (Gauge<Double>) () -> nanos.getAsLong() / (double) TimeUnit.SECONDS.toNanos(1));
  }

  /**
   * Publishes every metric as an MBean {@code ringstore:node=NODE,name=NAME,type=TYPE} (the node
   * keeps the names of nodes sharing a JVM apart); close to withdraw them.
   */
  public AutoCloseable publishOverJmx(NodeId node) {
    JmxReporter reporter =
        JmxReporter.forRegistry(registry)
            .inDomain(PREFIX)
            .createsObjectNamesWith((type, domain, name) -> objectName(node, type, domain, name))
            .build();
    reporter.start();
    return reporter::stop;
  }

  private static ObjectName objectName(NodeId node, String type, String domain, String name) {
    Hashtable<String, String> properties = new Hashtable<>();
    properties.put("node", node.value());
    properties.put("name", name);
    properties.put("type", type);
    try {
      return new ObjectName(domain, properties);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("no JMX name for metric " + name + ": " + e, e);
    }
  }

  private static String name(String... parts) {
    return MetricRegistry.name(PREFIX, parts);
  }
}
