package io.ringstore.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.time.ManualClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplicaLatencyTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long US = TimeUnit.MICROSECONDS.toNanos(1);

  private final ManualClock clock = new ManualClock(0);
  private final ReplicaLatency latency = new ReplicaLatency(clock);

  /** Records {@code count} answers that each took {@code nanos}. */
  private void answers(int count, long nanos) {
    for (int i = 0; i < count; i++) {
      long sent = latency.nowNanos();
      clock.advance(nanos, TimeUnit.NANOSECONDS);
      latency.record(sent);
    }
  }

  @Test
  void theDelayStartsAtTheCapAndIsRecomputedOncePerWindow() {
    assertThat(latency.delayNanos()).isEqualTo(50 * MS);

    answers(ReplicaLatency.RECOMPUTE_EVERY - 1, 10 * MS);
    assertThat(latency.delayNanos()).isEqualTo(50 * MS);

    answers(1, 10 * MS);
    assertThat(latency.delayNanos()).isEqualTo(20 * MS);

    answers(ReplicaLatency.RECOMPUTE_EVERY - 1, 3 * MS);
    assertThat(latency.delayNanos()).isEqualTo(20 * MS);
    answers(1, 3 * MS);
    assertThat(latency.delayNanos()).as("the window holds only 3 ms answers").isEqualTo(6 * MS);
  }

  @Test
  void theDelayIsTwiceTheNinetiethPercentile() {
    answers(464, 5 * MS);
    answers(48, 40 * MS);
    assertThat(latency.delayNanos()).isEqualTo(10 * MS); // the 461st of 512 is still 5 ms

    ReplicaLatency other = new ReplicaLatency(clock);
    for (int i = 0; i < ReplicaLatency.WINDOW; i++) {
      long sent = other.nowNanos();
      clock.advance(i < 460 ? 5 * MS : 20 * MS, TimeUnit.NANOSECONDS);
      other.record(sent);
    }
    assertThat(other.delayNanos()).isEqualTo(40 * MS); // the 461st of 512 is 20 ms
  }

  @Test
  void theDelayHasAFloorAndACap() {
    answers(ReplicaLatency.WINDOW, 100 * US);
    assertThat(latency.delayNanos()).isEqualTo(ReplicaLatency.DELAY_MILLIS_FLOOR * MS);

    ReplicaLatency slow = new ReplicaLatency(clock);
    for (int i = 0; i < ReplicaLatency.WINDOW; i++) {
      long sent = slow.nowNanos();
      clock.advance(1, TimeUnit.SECONDS);
      slow.record(sent);
    }
    assertThat(slow.delayNanos()).isEqualTo(ReplicaLatency.DELAY_MILLIS_CAP * MS);
  }

  @Test
  void onlyTheLastWindowOfSamplesCounts() {
    answers(ReplicaLatency.WINDOW, 20 * MS);
    assertThat(latency.delayNanos()).isEqualTo(40 * MS);

    answers(ReplicaLatency.WINDOW, 4 * MS);

    assertThat(latency.delayNanos()).isEqualTo(8 * MS);
  }
}
