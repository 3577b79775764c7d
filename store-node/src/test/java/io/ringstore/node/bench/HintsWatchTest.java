package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** What a failover run reports of the hints from the counts its polls got. */
class HintsWatchTest {
  private static final long HEAL_AT_MILLIS = 20_000;

  private static HintsWatch watching(Long... counts) {
    Queue<Long> next = new ArrayDeque<>(List.of(counts));
    return new HintsWatch(() -> next.isEmpty() ? 0 : next.poll());
  }

  @Test
  void drainedIsFromTheHealToTheFirstPollAfterItThatFindsNone() throws InterruptedException {
    HintsWatch hints = watching(0L, 120L, 900L, HintsWatch.UNKNOWN, 400L, 0L, 0L);
    long[] at = {1_000, 12_000, 19_000, 20_500, 21_000, 23_250, 24_000};
    for (long millis : at) {
      hints.poll(millis, HEAL_AT_MILLIS);
    }
    assertThat(hints.max()).isEqualTo(900);
    assertThat(hints.settled()).isTrue();
    assertThat(hints.awaitSettled(0)).isTrue();
    assertThat(hints.drainedMillis(HEAL_AT_MILLIS)).isEqualTo(3_250);
  }

  @Test
  void hintsStillHeldAtTheLastPollAreNotDrained() throws InterruptedException {
    HintsWatch hints = watching(50L, 10L);
    hints.poll(19_000, HEAL_AT_MILLIS);
    hints.poll(25_000, HEAL_AT_MILLIS);
    assertThat(hints.settled()).isFalse();
    assertThat(hints.awaitSettled(0)).isFalse();
    assertThat(hints.drainedMillis(HEAL_AT_MILLIS)).isEqualTo(HintsWatch.UNKNOWN);
  }

  @Test
  void aRunThatNeverHeldAHintDrainedAtOnce() {
    HintsWatch hints = watching(0L, 0L);
    hints.poll(1_000, HEAL_AT_MILLIS);
    hints.poll(21_000, HEAL_AT_MILLIS);
    assertThat(hints.settled()).isTrue();
    assertThat(hints.drainedMillis(HEAL_AT_MILLIS)).isZero();
  }
}
