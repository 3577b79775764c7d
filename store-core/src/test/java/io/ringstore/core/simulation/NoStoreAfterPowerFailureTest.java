package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.storage.InMemoryStorageEngine;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageLimits;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The simulator's guard against a replica that reports a write stored after its disk lost power: it
 * must fail the run (an {@link AssertionError}), through {@code put} and through {@code putAsync},
 * and must let everything else through.
 */
class NoStoreAfterPowerFailureTest {
  private final AtomicBoolean powerFailed = new AtomicBoolean();
  private final NoStoreAfterPowerFailure engine =
      new NoStoreAfterPowerFailure(
          new InMemoryStorageEngine(Murmur3Partitioner.INSTANCE, StorageLimits.defaults()),
          powerFailed::get);

  @Test
  void aStoredPutPassesWhileThePowerIsOn() {
    assertThat(engine.put(key("k"), version(1))).isEqualTo(PutOutcome.STORED);
    assertThat(putAsync("k2", 1)).containsExactly(PutOutcome.STORED);
  }

  @Test
  void aPutReportedStoredAfterThePowerFailedFailsTheRun() {
    powerFailed.set(true);

    assertThatThrownBy(() -> engine.put(key("k"), version(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("after its disk lost power");
    assertThatThrownBy(() -> putAsync("k2", 1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("after its disk lost power");
  }

  @Test
  void anObsoletePutAfterThePowerFailedPasses() {
    engine.put(key("k"), version(2));
    powerFailed.set(true);

    assertThat(engine.put(key("k"), version(1))).isEqualTo(PutOutcome.OBSOLETE);
    assertThat(putAsync("k", 1)).containsExactly(PutOutcome.OBSOLETE);
  }

  private List<PutOutcome> putAsync(String key, long counter) {
    List<PutOutcome> outcomes = new ArrayList<>();
    engine.putAsync(
        key(key),
        version(counter),
        new PutCallback() {
          @Override
          public void completed(PutOutcome outcome) {
            outcomes.add(outcome);
          }

          @Override
          public void failed(RuntimeException failure) {
            throw new AssertionError("unexpected failure", failure);
          }
        });
    return outcomes;
  }

  private static byte[] key(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  private static Versioned version(long counter) {
    VectorClock clock = VectorClock.empty().increment(NodeId.of("a"), counter, 1);
    return Versioned.of(clock, counter, new byte[] {1});
  }
}
