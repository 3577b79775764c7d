package io.ringstore.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteCounterTest {
  private static final long START_MILLIS = 1_700_000_000_000L;

  @Test
  void countersGrowPastTheContextAndEveryEarlierCounter() {
    WriteCounter counter = new WriteCounter(START_MILLIS, CounterReservations.inMemory());

    long first = counter.next(0);
    long second = counter.next(0);
    long aboveContext = counter.next(second + 1_000);

    assertThat(second).isGreaterThan(first);
    assertThat(aboveContext).isGreaterThan(second + 1_000);
  }

  @Test
  void aRestartWithTheWallClockSteppedBackNeverReusesACounter() {
    CounterReservations reservations = CounterReservations.inMemory();
    WriteCounter before = new WriteCounter(START_MILLIS, reservations);
    long lastBefore = 0;
    for (int i = 0; i < 10; i++) {
      lastBefore = before.next(0);
    }

    long oneHourEarlier = START_MILLIS - 3_600_000;
    WriteCounter after = new WriteCounter(oneHourEarlier, reservations);

    assertThat(after.next(0)).isGreaterThan(lastBefore);
  }

  @Test
  void countersAreReservedDurablyInBlocksNotPerWrite() {
    AtomicInteger reservationsMade = new AtomicInteger();
    CounterReservations memory = CounterReservations.inMemory();
    CounterReservations counting =
        new CounterReservations() {
          @Override
          public long reserved() {
            return memory.reserved();
          }

          @Override
          public void reserve(long upTo) {
            reservationsMade.incrementAndGet();
            memory.reserve(upTo);
          }
        };
    WriteCounter counter = new WriteCounter(START_MILLIS, counting);

    long last = 0;
    for (int i = 0; i < 10_000; i++) {
      last = counter.next(0);
      assertThat(memory.reserved())
          .as("write %d is reserved before it is issued", i)
          .isGreaterThanOrEqualTo(last);
    }

    assertThat(reservationsMade.get()).isEqualTo(1);
    counter.next(last + WriteCounter.RESERVATION_BLOCK * 3);
    assertThat(reservationsMade.get()).isEqualTo(2);
  }
}
