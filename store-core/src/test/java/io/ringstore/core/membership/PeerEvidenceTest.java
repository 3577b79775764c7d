package io.ringstore.core.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerEvidenceTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SILENT_AFTER = 250 * MS;
  private static final NodeId PEER = NodeId.of("peer");
  private static final NodeId OTHER = NodeId.of("other");

  private final PeerEvidence evidence = new PeerEvidence(SILENT_AFTER);
  private final AtomicInteger changes = new AtomicInteger();

  @BeforeEach
  void countChanges() {
    evidence.onChange(changes::incrementAndGet);
  }

  @Test
  void aFailedRequestSuspectsAtOnceAndAnAnswerClears() {
    evidence.sent(PEER, 0);
    evidence.failed(PEER);

    assertThat(evidence.suspects(PEER, 0)).isTrue();
    assertThat(evidence.suspects(OTHER, 0)).isFalse();

    evidence.sent(PEER, MS);
    evidence.answered(PEER, 2 * MS);

    assertThat(evidence.suspects(PEER, 2 * MS)).isFalse();
    assertThat(evidence.suspects(PEER, 100 * SILENT_AFTER)).isFalse();
  }

  @Test
  void silencePastTheBoundSuspectsAndAnAnswerClears() {
    evidence.sent(PEER, 10 * MS);
    evidence.sent(PEER, 100 * MS);

    assertThat(evidence.suspects(PEER, 10 * MS + SILENT_AFTER)).isFalse();
    assertThat(evidence.suspects(PEER, 10 * MS + SILENT_AFTER + 1)).isTrue();

    evidence.answered(PEER, 400 * MS);

    assertThat(evidence.suspects(PEER, 400 * MS)).isFalse();
    assertThat(evidence.suspects(PEER, 10_000 * MS)).isFalse();
  }

  @Test
  void silenceCountsFromTheFirstSendAfterTheLastAnswer() {
    evidence.sent(PEER, 0);
    evidence.answered(PEER, 100 * MS);
    evidence.sent(PEER, 200 * MS);

    assertThat(evidence.suspects(PEER, 200 * MS + SILENT_AFTER)).isFalse();
    assertThat(evidence.suspects(PEER, 200 * MS + SILENT_AFTER + 1)).isTrue();
  }

  @Test
  void onChangeRunsExactlyWhenTheFailureSuspicionFlips() {
    evidence.sent(PEER, 0);
    evidence.sent(PEER, 0);
    evidence.sent(PEER, 0);
    evidence.failed(PEER);
    evidence.failed(PEER);
    assertThat(changes).hasValue(1);

    evidence.answered(PEER, MS);
    assertThat(changes).hasValue(2);

    evidence.sent(PEER, MS);
    evidence.answered(PEER, 2 * MS);
    evidence.heardFrom(PEER);
    evidence.heardFrom(OTHER);
    assertThat(changes).hasValue(2);

    evidence.sent(PEER, 3 * MS);
    evidence.failed(PEER);
    evidence.heardFrom(PEER);
    assertThat(changes).hasValue(4);
    assertThat(evidence.suspects(PEER, 3 * MS)).isFalse();
  }

  @Test
  void countsRequestsInFlight() {
    assertThat(evidence.inFlight(PEER)).isZero();
    assertThat(evidence.sent(PEER, 0)).isEqualTo(1);
    assertThat(evidence.sent(PEER, 0)).isEqualTo(2);
    assertThat(evidence.sent(PEER, 0)).isEqualTo(3);
    evidence.unsent(PEER);
    evidence.answered(PEER, MS);
    evidence.failed(PEER);

    assertThat(evidence.inFlight(PEER)).isZero();
    assertThat(evidence.inFlight(OTHER)).isZero();
  }

  @Test
  void rejectsANonPositiveBound() {
    assertThatThrownBy(() -> new PeerEvidence(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
