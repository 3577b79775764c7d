package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.time.Scheduler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorScheduler scheduler = new ExecutorScheduler(executor);

  @AfterEach
  void shutDown() {
    executor.shutdownNow();
  }

  @Test
  void runsAScheduledTask() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);

    scheduler.schedule(TimeUnit.MILLISECONDS.toNanos(1), ran::countDown);

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aCancelledTaskNeverRuns() throws InterruptedException {
    AtomicBoolean ran = new AtomicBoolean();
    Scheduler.Cancellable task = scheduler.schedule(TimeUnit.HOURS.toNanos(1), () -> ran.set(true));

    task.cancel();
    executor.shutdown();

    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).isFalse();
  }
}
