package io.ringstore.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyCountersTest {
  private static final long START_MILLIS = 1_700_000_000_000L;
  private static final byte[] KEY = bytes("key");
  private static final byte[] OTHER = bytes("other");

  @Test
  void aKeysCountersRunContiguouslyFromOneContext() {
    KeyCounters counters = counters(CounterReservations.inMemory(), START_MILLIS, 1024);

    long first = counters.next(KEY, 0);

    assertThat(counters.next(KEY, first)).isEqualTo(first + 1);
    assertThat(counters.next(KEY, 0))
        .as("a stale context still gets a fresh counter")
        .isEqualTo(first + 2);
  }

  @Test
  void aContextAboveTheLastCounterRaisesIt() {
    KeyCounters counters = counters(CounterReservations.inMemory(), START_MILLIS, 1024);
    long first = counters.next(KEY, 0);

    assertThat(counters.next(KEY, first + 100)).isEqualTo(first + 101);
  }

  @Test
  void keysSharingASlotNeverShareACounter() {
    KeyCounters counters = counters(CounterReservations.inMemory(), START_MILLIS, 1);
    Set<Long> issued = new HashSet<>();

    for (int i = 0; i < 100; i++) {
      assertThat(issued.add(counters.next(i % 2 == 0 ? KEY : OTHER, 0))).isTrue();
    }
  }

  @Test
  void aRestartWithTheWallClockSteppedBackIssuesAboveEveryEarlierCounter() {
    CounterReservations reservations = CounterReservations.inMemory();
    KeyCounters before = counters(reservations, START_MILLIS, 16);
    long last = 0;
    for (int i = 0; i < 1_000; i++) {
      last = Math.max(last, before.next(KEY, 0));
    }

    KeyCounters after = counters(reservations, START_MILLIS - 60_000, 16);

    assertThat(after.next(KEY, 0)).isGreaterThan(last);
    assertThat(after.next(OTHER, 0)).isGreaterThan(last);
  }

  private static KeyCounters counters(
      CounterReservations reservations, long wallMillis, int slots) {
    return new KeyCounters(new WriteCounter(wallMillis, reservations), slots);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
