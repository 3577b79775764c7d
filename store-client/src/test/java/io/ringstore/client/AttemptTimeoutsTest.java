package io.ringstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The attempt-timeout policy: {@code min(max(2 x median of the nodes' p99, floor), even share)},
 * the even share until latencies are known, and all that is left for the last replica.
 */
class AttemptTimeoutsTest {
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final NodeId C = NodeId.of("c");
  private static final long LEFT_MILLIS = 2_000;

  private final AttemptTimeouts timeouts = new AttemptTimeouts();

  @Test
  void beforeAnyLatencyIsKnownTheTimeLeftIsSplitEvenly() {
    assertThat(timeouts.derivedMillis()).isEqualTo(AttemptTimeouts.UNKNOWN);
    assertThat(timeouts.attemptMillis(LEFT_MILLIS, 3)).isEqualTo(666);
    assertThat(timeouts.attemptMillis(LEFT_MILLIS, 2)).isEqualTo(1_000);
  }

  @Test
  void theLastReplicaGetsAllThatIsLeft() {
    fill(A, 1);
    assertThat(timeouts.attemptMillis(LEFT_MILLIS, 1)).isEqualTo(LEFT_MILLIS);
    assertThat(timeouts.attemptMillis(0, 1)).isEqualTo(1);
  }

  @Test
  void fastNodesGetTheFloor() {
    fill(A, 2);
    assertThat(timeouts.derivedMillis()).isEqualTo(AttemptTimeouts.FLOOR_MILLIS);
    assertThat(timeouts.attemptMillis(LEFT_MILLIS, 3)).isEqualTo(AttemptTimeouts.FLOOR_MILLIS);
  }

  @Test
  void slowerNodesGetTwiceTheirP99() {
    fill(A, 40);
    fill(B, 40);
    assertThat(timeouts.derivedMillis()).isEqualTo(80);
    assertThat(timeouts.attemptMillis(LEFT_MILLIS, 3)).isEqualTo(80);
  }

  @Test
  void theEvenShareOfTheTimeLeftCapsTheTimeout() {
    fill(A, 400);
    assertThat(timeouts.derivedMillis()).isEqualTo(800);
    assertThat(timeouts.attemptMillis(LEFT_MILLIS, 3)).isEqualTo(666);
    assertThat(timeouts.attemptMillis(60, 3))
        .as("below the floor when time is short")
        .isEqualTo(20);
  }

  @Test
  void oneSlowNodeDoesNotRaiseTheTimeoutOfTheOthers() {
    fill(A, 5);
    fill(B, 6);
    fill(C, 300);

    assertThat(timeouts.derivedMillis())
        .as("the median node's p99, not the slow node's")
        .isEqualTo(AttemptTimeouts.FLOOR_MILLIS);
  }

  @Test
  void mostNodesSlowingDownRaisesTheTimeout() {
    fill(A, 5);
    fill(B, 60);
    fill(C, 70);

    assertThat(timeouts.derivedMillis()).isEqualTo(120);
  }

  @Test
  void theP99IgnoresTheSlowestOnePerCent() {
    for (int i = 0; i < LatencyWindow.SAMPLES_MAX; i++) {
      timeouts.answered(A, millis(i >= LatencyWindow.SAMPLES_MAX - 2 ? 900 : 10));
    }
    assertThat(timeouts.derivedMillis()).as("two slow answers in 256").isEqualTo(50);
    timeouts.answered(A, millis(900));
    for (int i = 1; i < LatencyWindow.RECOMPUTE_EVERY; i++) {
      timeouts.answered(A, millis(10));
    }
    assertThat(timeouts.derivedMillis()).as("three in 256: above 1%").isEqualTo(1_800);
  }

  @Test
  void timeoutsRaiseTheTimeoutOfAUniformlySlowCluster() {
    fill(A, 2);
    long before = timeouts.derivedMillis();
    for (int i = 0; i < LatencyWindow.RECOMPUTE_EVERY; i++) {
      timeouts.timedOut(A, before);
    }
    assertThat(timeouts.derivedMillis())
        .as("answers slower than the timeout are never seen; its timeouts are")
        .isEqualTo(2 * before);
  }

  @Test
  void theNewestSamplesReplaceTheOldest() {
    fill(A, 300);
    fill(A, 3);
    assertThat(timeouts.derivedMillis()).isEqualTo(AttemptTimeouts.FLOOR_MILLIS);
  }

  @Test
  void aWindowRejectsANegativeLatency() {
    assertThatThrownBy(() -> new LatencyWindow().record(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Fills {@code node}'s whole window with one latency. */
  private void fill(NodeId node, long latencyMillis) {
    for (int i = 0; i < LatencyWindow.SAMPLES_MAX; i++) {
      timeouts.answered(node, millis(latencyMillis));
    }
  }

  private static long millis(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
