package io.ringstore.core.version;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.version.VectorClock.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for the property tests. Clocks are drawn over a small node alphabet with small
 * counters so that random pairs are often equal or ordered, not only concurrent: a clock is a
 * vector of one counter per node of the alphabet, 0 meaning "no entry".
 */
final class VersionArbitraries {
  /** The node alphabet n0..n5. */
  static final List<NodeId> NODES =
      IntStream.range(0, 6).mapToObj(i -> NodeId.of("n" + i)).toList();

  static final int COUNTER_MAX = 3;
  static final long MILLIS_MAX = 20;

  private VersionArbitraries() {}

  /** Clocks over n0..n5 with counters 0..3 and timestamps 0..20. */
  static Arbitrary<VectorClock> clocks() {
    return clocks(NODES.size(), COUNTER_MAX);
  }

  /** Clocks over the first {@code nodeCount} nodes of the alphabet, counters 0..counterMax. */
  static Arbitrary<VectorClock> clocks(int nodeCount, int counterMax) {
    return Combinators.combine(counterVectors(nodeCount, counterMax), millisVectors(nodeCount))
        .as(VersionArbitraries::clock);
  }

  /** One counter per node of the first {@code nodeCount}, each 0..counterMax. */
  static Arbitrary<long[]> counterVectors(int nodeCount, int counterMax) {
    return Arbitraries.longs().between(0, counterMax).array(long[].class).ofSize(nodeCount);
  }

  /** One timestamp per node of the first {@code nodeCount}, each 0..MILLIS_MAX. */
  static Arbitrary<long[]> millisVectors(int nodeCount) {
    return Arbitraries.longs().between(0, MILLIS_MAX).array(long[].class).ofSize(nodeCount);
  }

  /** The clock with counter {@code counters[k]} for node k (none where 0). */
  static VectorClock clock(long[] counters, long[] millis) {
    List<Entry> entries = new ArrayList<>();
    for (int k = 0; k < counters.length; k++) {
      if (counters[k] > 0) {
        entries.add(new Entry(NODES.get(k), counters[k], millis[k]));
      }
    }
    return VectorClock.of(entries);
  }

  /** Versions whose clocks come from {@code clocks}, timestamps 0..5, values 0-2 bytes or null. */
  static Arbitrary<Versioned> versions(Arbitrary<VectorClock> clocks) {
    Arbitrary<byte[]> values =
        Arbitraries.bytes()
            .between((byte) 0, (byte) 2)
            .array(byte[].class)
            .ofMaxSize(2)
            .injectNull(0.2);
    return Combinators.combine(clocks, Arbitraries.longs().between(0, 5), values)
        .as(Versioned::new);
  }
}
