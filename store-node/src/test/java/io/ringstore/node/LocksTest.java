package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.client.ConditionalResult;
import io.ringstore.client.Lease;
import io.ringstore.client.LockNotGrantedException;
import io.ringstore.client.LockStatus;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.ServerErrorException;
import io.ringstore.core.time.SystemClock;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.LockRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locks with leases and fencing tokens, and fenced writes, on three real nodes in one JVM (Netty on
 * loopback, log storage with its Paxos engine), through the Java client. A holder that "dies" is a
 * client closed without releasing: its renewals stop.
 */
class LocksTest {
  private static final SystemClock CLOCK = new SystemClock();

  private static final Duration LONG_LEASE = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path directory;

  private InProcessCluster cluster;
  private RingstoreClient client;

  @BeforeEach
  void start() {
    cluster = InProcessCluster.start(directory);
    client = newClient();
  }

  private RingstoreClient newClient() {
    return RingstoreClient.builder().seeds(cluster.seeds()).build();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    cluster.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyGrantHasAHigherTokenAndAReleaseFreesTheLockAtOnce() {
    Lease first = client.lock("jobs").acquire(LONG_LEASE, Duration.ZERO);
    LockStatus held = client.lock("jobs").status();
    first.close();
    LockStatus freed = client.lock("jobs").status();
    Lease second = client.lock("jobs").acquire(LONG_LEASE, Duration.ZERO);

    assertThat(first.fencingToken()).isEqualTo(1);
    assertThat(held.held()).isTrue();
    assertThat(held.fencingToken()).isEqualTo(1);
    assertThat(freed.held()).isFalse();
    assertThat(freed.fencingToken()).as("a released lock keeps its last token").isEqualTo(1);
    assertThat(second.fencingToken()).isEqualTo(2);
    assertThat(second.isValid()).isTrue();
    assertThat(first.isValid()).isFalse();
    second.close();
  }

  @Test
  void aHeldLockIsNotGrantedToAnotherWithinItsLease() {
    try (Lease held = client.lock("exclusive").acquire(LONG_LEASE, Duration.ZERO)) {
      assertThat(client.lock("exclusive").tryAcquire(LONG_LEASE, Duration.ofMillis(300))).isEmpty();
      assertThatThrownBy(() -> client.lock("exclusive").acquire(LONG_LEASE, Duration.ZERO))
          .isInstanceOf(LockNotGrantedException.class)
          .hasMessageContaining("fencing token " + held.fencingToken());
    }
  }

  /** A waiter is granted when the holder releases, long before the holder's lease would end. */
  @Test
  void aWaiterIsGrantedWhenTheHolderReleases() throws Exception {
    Lease holder = client.lock("handover").acquire(LONG_LEASE, Duration.ZERO);
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      Future<Lease> waiting =
          waiter.submit(() -> client.lock("handover").acquire(LONG_LEASE, WAIT));
      holder.release();
      Lease next = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(next.fencingToken()).isEqualTo(holder.fencingToken() + 1);
      assertThat(holder.isValid()).isFalse();
      next.close();
    } finally {
      waiter.shutdownNow();
    }
  }

  /**
   * The holder dies (its client closes without releasing, so its renewals stop): a waiter is
   * granted once the lease ran out, and the dead holder's fenced writes are refused once the new
   * holder wrote the key.
   */
  @Test
  void aDeadHoldersLeaseRunsOutAndItsFencedWritesAreRefusedAfterTheNextHoldersWrite() {
    byte[] key = bytes("report");
    RingstoreClient doomed = newClient();
    Lease stale = doomed.lock("reporter").acquire(Duration.ofSeconds(1), Duration.ZERO);
    assertThat(doomed.putFenced(key, bytes("by-first"), stale.fence()).applied()).isTrue();
    doomed.close();
    long waitStart = CLOCK.monotonicNanos();

    Lease next = client.lock("reporter").acquire(Duration.ofSeconds(10), WAIT);
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(CLOCK.monotonicNanos() - waitStart);
    ConditionalResult newer = client.putFenced(key, bytes("by-second"), next.fence());
    ConditionalResult late = client.putFenced(key, bytes("late-first"), stale.fence());
    ConditionalResult again = client.putFenced(key, bytes("by-second-again"), next.fence());

    assertThat(next.fencingToken()).isEqualTo(stale.fencingToken() + 1);
    assertThat(waitedMillis).as("granted only after the dead holder's lease").isGreaterThan(500);
    assertThat(newer.applied()).isTrue();
    assertThat(late.applied()).as("a stale token after a newer one's write").isFalse();
    assertThat(late.valueOrNull()).isEqualTo(bytes("by-second"));
    assertThat(again.applied()).as("the current holder writes again").isTrue();
    assertThat(client.get(key).value())
        .hasValueSatisfying(value -> assertThat(value).isEqualTo(bytes("by-second-again")));
    next.close();
  }

  @Test
  void aLeaseRenewedInTheBackgroundOutlivesItsFirstTerm() {
    Lease lease = client.lock("renewed").acquire(Duration.ofMillis(600), Duration.ZERO);
    long until = CLOCK.monotonicNanos() + TimeUnit.SECONDS.toNanos(2);
    while (CLOCK.monotonicNanos() < until) {
      assertThat(client.lock("renewed").tryAcquire(Duration.ofSeconds(1), Duration.ZERO))
          .as("another acquisition while the holder renews")
          .isEmpty();
    }
    assertThat(lease.isValid()).isTrue();
    lease.close();
    assertThat(client.lock("renewed").status().held()).isFalse();
  }

  /**
   * Eight threads increment one plain counter under the lock, each guarding its write with its
   * grant's fence: mutual exclusion loses no increment, and every grant has its own token.
   */
  @Test
  void contendingThreadsTakeTurnsAndEveryGrantHasItsOwnToken() throws Exception {
    byte[] counter = bytes("locked-counter");
    client.put(counter, bytes("0"));
    int threads = 8;
    int rounds = 4;
    List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(incrementer(counter, rounds, tokens)));
      }
      for (Future<Void> future : done) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(new String(client.getSerial(counter).valueOrNull(), StandardCharsets.UTF_8))
        .isEqualTo(String.valueOf(threads * rounds));
    assertThat(tokens).doesNotHaveDuplicates().hasSize(threads * rounds);
  }

  private Callable<Void> incrementer(byte[] counter, int rounds, List<Long> tokens) {
    return () -> {
      for (int round = 0; round < rounds; round++) {
        try (Lease lease = client.lock("counter").acquire(LONG_LEASE, Duration.ofMinutes(1))) {
          tokens.add(lease.fencingToken());
          byte[] current = client.getSerial(counter).valueOrNull();
          int next = Integer.parseInt(new String(current, StandardCharsets.UTF_8)) + 1;
          ConditionalResult written =
              client.putFenced(counter, bytes(String.valueOf(next)), lease.fence());
          assertThat(written.applied()).isTrue();
        }
      }
      return null;
    };
  }

  @Test
  void clientsMayNotWriteTheKeysOfLockRecords() {
    byte[] record = LockRequest.recordKey("guarded");

    assertThatThrownBy(() -> client.put(record, bytes("forged")))
        .isInstanceOf(ServerErrorException.class)
        .satisfies(
            e -> assertThat(((ServerErrorException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST))
        .hasMessageContaining("lock records");
    assertThatThrownBy(() -> client.putIfAbsent(record, bytes("forged")))
        .isInstanceOf(ServerErrorException.class);
    assertThat(client.lock("guarded").acquire(LONG_LEASE, Duration.ZERO).fencingToken())
        .isEqualTo(1);
  }

  @Test
  void aFenceOnAKeyIsKeptPerLock() {
    byte[] key = bytes("two-locks");
    assertThat(client.putFenced(key, bytes("a5"), new Fence("a", 5)).applied()).isTrue();
    assertThat(client.putFenced(key, bytes("b1"), new Fence("b", 1)).applied())
        .as("another lock's low token")
        .isTrue();
    assertThat(client.putFenced(key, bytes("a4"), new Fence("a", 4)).applied()).isFalse();
    assertThat(client.deleteFenced(key, new Fence("b", 1)).applied()).isTrue();
    assertThat(client.getSerial(key).valueOrNull()).isNull();
  }
}
