package io.ringstore.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SystemClockTest {
  @Test
  void monotonicTimeNeverGoesBackwards() {
    SystemClock clock = new SystemClock();
    long previous = clock.monotonicNanos();
    for (int i = 0; i < 10_000; i++) {
      long now = clock.monotonicNanos();
      assertThat(now).isGreaterThanOrEqualTo(previous);
      previous = now;
    }
  }

  @Test
  void wallTimeIsAfterThisCodeWasWritten() {
    long november2026Millis = 1_795_000_000_000L;
    assertThat(new SystemClock().wallMillis()).isGreaterThan(november2026Millis);
  }
}
