package io.ringstore.node.admin;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Timer;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.hints.HintStore;
import io.ringstore.core.membership.GossipMembership;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.time.Clock;
import io.ringstore.core.wire.NodeInfoResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a node says of itself when asked ({@code ringstore info}): who and where it is, what it
 * runs, how long it has, its membership, then every gauge of its metrics (peers, connections,
 * storage) and the requests it has served, as {@link NodeInfoResponse} fields.
 */
public final class NodeInfo implements Supplier<NodeInfoResponse> {
  /** The version every ringstore jar of this build reports. */
  public static final String VERSION = "0.1.0-SNAPSHOT";

  private static final String METRIC_PREFIX = "ringstore.";
  private static final String SERVED_PREFIX = "ringstore.requests.";

  /**
   * Where the facts come from.
   *
   * @param self this node as a member
   * @param membership its membership, for status, generation and ring
   * @param settings fixed facts of its configuration: name and value, in order
   * @param metrics its metrics
   * @param adminUrl its admin endpoint
   * @param health whether it serves
   * @param clock the clock {@code startedNanos} was read on
   * @param startedNanos when the node started
   * @param hints what the node's hint store holds per owner
   */
  public record Sources(
      Member self,
      GossipMembership membership,
      List<NodeInfoResponse.Field> settings,
      NodeMetrics metrics,
      String adminUrl,
      Supplier<NodeHealth> health,
      Clock clock,
      long startedNanos,
      Supplier<List<HintStore.Backlog>> hints) {}

  /** Prefix of the fields naming an owner the node holds hints for: {@code hints_for.<owner>}. */
  public static final String HINTS_FOR = "hints_for.";

  /** Owners whose hints the info lists, the largest backlogs first; the rest are summed up. */
  static final int HINT_OWNERS_LISTED_MAX = 16;

  private final Sources sources;

  public NodeInfo(Sources sources) {
    this.sources = sources;
  }

  @Override
  public NodeInfoResponse get() {
    List<NodeInfoResponse.Field> fields = new ArrayList<>();
    Member self = sources.self();
    add(fields, "node", self.id().value());
    add(fields, "address", self.host() + ":" + self.port());
    add(fields, "admin", sources.adminUrl());
    add(fields, "version", VERSION);
    add(fields, "java", Runtime.version().toString());
    add(fields, "pid", ProcessHandle.current().pid());
    long uptimeNanos = sources.clock().monotonicNanos() - sources.startedNanos();
    add(fields, "uptime_seconds", TimeUnit.NANOSECONDS.toSeconds(uptimeNanos));
    add(fields, "health", sources.health().get().state());
    GossipMembership membership = sources.membership();
    add(fields, "status", membership.status());
    add(fields, "generation", membership.generation());
    Ring ring = membership.current();
    add(fields, "ring_epoch", ring.epoch());
    add(fields, "ring_members", ring.members().size());
    fields.addAll(sources.settings());
    addGauges(fields);
    add(fields, "requests_served", requestsServed());
    addHints(fields);
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    add(fields, "heap_used_bytes", heap.getUsed());
    add(fields, "heap_max_bytes", heap.getMax());
    return new NodeInfoResponse(fields);
  }

  /** Every gauge, named without the {@code ringstore.} prefix, dots as underscores. */
  @SuppressWarnings("rawtypes")
  private void addGauges(List<NodeInfoResponse.Field> fields) {
    for (Map.Entry<String, Gauge> gauge : sources.metrics().registry().getGauges().entrySet()) {
      String name = gauge.getKey();
      if (name.startsWith(METRIC_PREFIX)) {
        name = name.substring(METRIC_PREFIX.length());
      }
      add(fields, name.replace('.', '_'), gauge.getValue().getValue());
    }
  }

  /**
   * One field per owner the node holds hints for: {@code hints_for.<owner>} with {@code hints=N
   * bytes=B oldest_ms=A}, the largest backlogs first, at most {@link #HINT_OWNERS_LISTED_MAX}.
   */
  private void addHints(List<NodeInfoResponse.Field> fields) {
    long now = sources.clock().wallMillis();
    sources.hints().get().stream()
        .sorted(Comparator.comparingLong(HintStore.Backlog::bytes).reversed())
        .limit(HINT_OWNERS_LISTED_MAX)
        .forEach(
            backlog ->
                add(
                    fields,
                    HINTS_FOR + backlog.owner().value(),
                    String.format(
                        Locale.ROOT,
                        "hints=%d bytes=%d oldest_ms=%d",
                        backlog.hints(),
                        backlog.bytes(),
                        Math.max(0, now - backlog.oldestMillis()))));
  }

  private long requestsServed() {
    long served = 0;
    for (Map.Entry<String, Timer> timer : sources.metrics().registry().getTimers().entrySet()) {
      if (timer.getKey().startsWith(SERVED_PREFIX)) {
        served += timer.getValue().getCount();
      }
    }
    return served;
  }

  private static void add(List<NodeInfoResponse.Field> fields, String name, Object value) {
    fields.add(new NodeInfoResponse.Field(name, text(value)));
  }

  private static String text(Object value) {
    if (value instanceof Double number) {
      return number.isNaN() ? "NaN" : String.format(Locale.ROOT, "%.4f", number);
    }
    return String.valueOf(value);
  }
}
