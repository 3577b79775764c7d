package io.ringstore.core.version;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock.Entry;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Short ways to write clocks and versions in example tests. */
final class TestClocks {
  private TestClocks() {}

  static NodeId node(String name) {
    return NodeId.of(name);
  }

  /** An entry last updated at time 0. */
  static Entry entry(String node, long counter) {
    return entry(node, counter, 0);
  }

  static Entry entry(String node, long counter, long lastUpdatedMillis) {
    return new Entry(node(node), counter, lastUpdatedMillis);
  }

  static VectorClock clock(Entry... entries) {
    return VectorClock.of(List.of(entries));
  }

  static Versioned value(VectorClock clock, long timestampMillis, String value) {
    return Versioned.of(clock, timestampMillis, bytes(value));
  }

  static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
