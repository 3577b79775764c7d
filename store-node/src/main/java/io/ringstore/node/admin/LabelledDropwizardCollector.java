package io.ringstore.node.admin;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus's Dropwizard bridge, with several Dropwizard metrics allowed to become one labelled
 * Prometheus metric ({@code ringstore.requests.get.quorum} and {@code ringstore.requests.put.one}
 * both {@code ringstore_requests}, told apart by their labels).
 *
 * <p>Why this exists: the bridge's 1.4 release (the newest Maven Central serves here for Dropwizard
 * 4) converts each Dropwizard metric to a snapshot of its own and then refuses two snapshots of one
 * name ("duplicate metric name", prometheus/client_java issue 1712). So each Dropwizard metric is
 * converted by the bridge alone (an exporter filtered to that name, made once and kept), and
 * snapshots of one name are joined: same metadata, their data points together. The conversion and
 * the text format stay the bridge's and the writer's.
 */
final class LabelledDropwizardCollector implements MultiCollector {
  private final MetricRegistry registry;
  private final CustomLabelMapper labels;
  private final Map<String, DropwizardExports> exporters = new ConcurrentHashMap<>();

  LabelledDropwizardCollector(MetricRegistry registry, CustomLabelMapper labels) {
    this.registry = registry;
    this.labels = labels;
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, List<MetricSnapshot>> byName = new LinkedHashMap<>();
    for (String name : registry.getNames()) {
      for (MetricSnapshot snapshot : exporterOf(name).collect()) {
        byName
            .computeIfAbsent(snapshot.getMetadata().getPrometheusName(), n -> new ArrayList<>())
            .add(snapshot);
      }
    }
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    for (List<MetricSnapshot> sameName : byName.values()) {
      all.metricSnapshot(joined(sameName));
    }
    return all.build();
  }

  private DropwizardExports exporterOf(String name) {
    return exporters.computeIfAbsent(
        name,
        n -> new DropwizardExports(registry, (metricName, metric) -> metricName.equals(n), labels));
  }

  /** One snapshot holding the data points of all of {@code snapshots}, which share a name. */
  static MetricSnapshot joined(List<MetricSnapshot> snapshots) {
    MetricSnapshot first = snapshots.get(0);
    if (snapshots.size() == 1) {
      return first;
    }
    if (first instanceof SummarySnapshot) {
      return new SummarySnapshot(first.getMetadata(), points(snapshots, SummarySnapshot.class));
    }
    if (first instanceof GaugeSnapshot) {
      return new GaugeSnapshot(first.getMetadata(), points(snapshots, GaugeSnapshot.class));
    }
    if (first instanceof CounterSnapshot) {
      return new CounterSnapshot(first.getMetadata(), points(snapshots, CounterSnapshot.class));
    }
    throw new IllegalArgumentException(
        "cannot join "
            + snapshots.size()
            + " metrics of kind "
            + first.getClass().getSimpleName()
            + " named "
            + first.getMetadata().getPrometheusName());
  }

  @SuppressWarnings("unchecked")
  private static <P extends DataPointSnapshot> List<P> points(
      List<MetricSnapshot> snapshots, Class<? extends MetricSnapshot> kind) {
    List<P> points = new ArrayList<>();
    for (MetricSnapshot snapshot : snapshots) {
      if (!kind.isInstance(snapshot)) {
        throw new IllegalArgumentException(
            snapshot.getMetadata().getPrometheusName()
                + " names metrics of two kinds: "
                + kind.getSimpleName()
                + " and "
                + snapshot.getClass().getSimpleName());
      }
      points.addAll((List<P>) snapshot.getDataPoints());
    }
    return points;
  }
}
