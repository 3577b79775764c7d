package io.ringstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.time.ManualClock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Suspicion from request evidence, its order, and the probe that ends it, on a manual clock. */
class NodeHealthTest {
  private static final long PROBE_INTERVAL_MILLIS = 200;
  private static final Member A = Member.of("a", "127.0.0.1", 7001);
  private static final Member B = Member.of("b", "127.0.0.1", 7002);
  private static final Member C = Member.of("c", "127.0.0.1", 7003);
  private static final List<Member> REPLICAS = List.of(A, B, C);

  private final ManualClock clock = new ManualClock(0);
  private final NodeHealth health = new NodeHealth(clock, PROBE_INTERVAL_MILLIS);

  @Test
  void withNobodySuspectedTheOrderIsThePreferenceListItself() {
    assertThat(health.order(REPLICAS)).isSameAs(REPLICAS);
    assertThat(health.isSuspected(A.id())).isFalse();
  }

  @Test
  void aSuspectedReplicaIsAskedLastAndTheOthersKeepTheirOrder() {
    health.suspect(A.id());

    assertThat(health.isSuspected(A.id())).isTrue();
    assertThat(health.order(REPLICAS)).containsExactly(B, C, A);
    assertThat(health.order(List.of(B, C))).containsExactly(B, C);
  }

  @Test
  void suspectedReplicasKeepTheirOwnOrderBehindTheTrustedOnes() {
    health.suspect(B.id());
    health.suspect(A.id());

    assertThat(health.order(REPLICAS)).containsExactly(C, A, B);
    assertThat(health.suspectedCount()).isEqualTo(2);
  }

  @Test
  void anAnswerTrustsTheNodeAgain() {
    health.suspect(A.id());
    health.trust(A.id());

    assertThat(health.isSuspected(A.id())).isFalse();
    assertThat(health.order(REPLICAS)).isSameAs(REPLICAS);
  }

  @Test
  void theFirstProbeIsDueOneIntervalAfterTheSuspicion() {
    health.suspect(A.id());

    clock.advance(PROBE_INTERVAL_MILLIS - 1, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).as("not due yet").isFalse();
    clock.advance(1, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).isTrue();
  }

  @Test
  void onlyOneProbeAtATime() {
    health.suspect(A.id());
    clock.advance(PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);

    assertThat(health.claimProbe(A.id())).isTrue();
    clock.advance(10 * PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).as("the first probe is still in flight").isFalse();
  }

  @Test
  void aFailedProbeSchedulesTheNextOneIntervalLater() {
    health.suspect(A.id());
    clock.advance(PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).isTrue();

    health.suspect(A.id());

    assertThat(health.claimProbe(A.id())).isFalse();
    clock.advance(PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).isTrue();
  }

  @Test
  void aTrustedNodeIsNeverProbed() {
    clock.advance(PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).isFalse();

    health.suspect(A.id());
    health.trust(A.id());
    clock.advance(PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).isFalse();
  }

  @Test
  void newEvidenceDuringAProbeDelaysTheNextProbe() {
    health.suspect(A.id());
    clock.advance(PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    health.claimProbe(A.id());
    clock.advance(PROBE_INTERVAL_MILLIS / 2, TimeUnit.MILLISECONDS);

    health.suspect(A.id());

    clock.advance(PROBE_INTERVAL_MILLIS - 1, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).isFalse();
    clock.advance(1, TimeUnit.MILLISECONDS);
    assertThat(health.claimProbe(A.id())).isTrue();
  }

  @Test
  void theProbeIntervalMustBePositive() {
    assertThatThrownBy(() -> new NodeHealth(clock, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probeIntervalMillis");
    assertThat(NodeId.of("a")).isEqualTo(A.id());
  }
}
