package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Detection and "UP everywhere" read off polls of a fake probe whose answers the test sets. */
class MemberStateWatchTest {
  private static final HostPort A = new HostPort("127.0.0.1", 7201);
  private static final HostPort B = new HostPort("127.0.0.2", 7202);
  private static final HostPort C = new HostPort("127.0.0.3", 7203);
  private static final NodeId C_ID = new NodeId("node-3");

  /** What each node answers now: the state it sees node-3 in, or nothing (no answer). */
  private final Map<HostPort, Optional<String>> seen = new HashMap<>();

  private final MemberStateProbe fake =
      node -> seen.getOrDefault(node, Optional.empty()).map(state -> Map.of(C_ID, state));

  private final MemberStateWatch watch = new MemberStateWatch(fake, List.of(A, B, C), C, C_ID);

  private void everyoneSees(String state) {
    seen.put(A, Optional.of(state));
    seen.put(B, Optional.of(state));
    seen.put(C, Optional.of(state));
  }

  @Test
  void detectedWhenEveryLiveNodeSeesTheFaultedOneDownTheFaultedOneNeedNotAnswer() {
    everyoneSees(MemberStateProbe.UP);
    watch.poll(900);
    seen.put(C, Optional.empty());
    watch.poll(1000);
    seen.put(A, Optional.of(MemberStateProbe.SUSPECT));
    watch.poll(1100);
    seen.put(A, Optional.of(MemberStateProbe.DOWN));
    watch.poll(1200);
    seen.put(B, Optional.of(MemberStateProbe.DOWN));
    watch.poll(1700);
    watch.poll(1800);

    assertThat(watch.detectMillis(1000)).isEqualTo(700);
    assertThat(watch.anyAnswer()).isTrue();
  }

  @Test
  void aLiveNodeThatDoesNotAnswerMeansNotYetDetected() {
    seen.put(A, Optional.of(MemberStateProbe.DOWN));
    watch.poll(1500);

    assertThat(watch.detectMillis(1000)).isEqualTo(FailoverAnalysis.UNKNOWN);
  }

  @Test
  void aDownStateBeforeTheFaultDoesNotCount() {
    everyoneSees(MemberStateProbe.DOWN);
    watch.poll(500);
    everyoneSees(MemberStateProbe.UP);
    watch.poll(1000);

    assertThat(watch.detectMillis(1000)).isEqualTo(FailoverAnalysis.UNKNOWN);
  }

  @Test
  void upEverywhereNeedsTheFaultedNodeItselfToo() {
    everyoneSees(MemberStateProbe.DOWN);
    watch.poll(2000);
    seen.put(A, Optional.of(MemberStateProbe.UP));
    seen.put(B, Optional.of(MemberStateProbe.UP));
    watch.poll(2300);
    seen.put(C, Optional.of(MemberStateProbe.UP));
    watch.poll(2600);

    assertThat(watch.upEverywhereAtMillis(2000)).isEqualTo(2600);
  }

  @Test
  void aProbeThatCannotSayLeavesEverythingUnknown() {
    MemberStateWatch blind =
        new MemberStateWatch(MemberStateProbe.unknown(), List.of(A, B, C), C, C_ID);
    for (long atMillis = 0; atMillis < 5000; atMillis += 100) {
      blind.poll(atMillis);
    }

    assertThat(blind.anyAnswer()).isFalse();
    assertThat(blind.detectMillis(1000)).isEqualTo(FailoverAnalysis.UNKNOWN);
    assertThat(blind.upEverywhereAtMillis(2000)).isEqualTo(FailoverAnalysis.UNKNOWN);
  }

  @Test
  void aProbeThatFailsForOneNodeCountsAsNoAnswerFromItInAParallelRound() {
    MemberStateProbe failing =
        node -> {
          if (node.equals(B)) {
            throw new IllegalStateException("connection refused");
          }
          return Optional.of(Map.of(C_ID, MemberStateProbe.DOWN));
        };
    MemberStateWatch partial = new MemberStateWatch(failing, List.of(A, B, C), C, C_ID);
    java.util.concurrent.ExecutorService asking =
        java.util.concurrent.Executors.newFixedThreadPool(partial.nodeCount());
    try {
      partial.poll(1500, asking);
    } finally {
      asking.shutdownNow();
    }

    assertThat(partial.anyAnswer()).isTrue();
    assertThat(partial.detectMillis(1000)).isEqualTo(FailoverAnalysis.UNKNOWN);
  }

  @Test
  void theFaultedNodeMustBeOneOfTheWatchedNodes() {
    assertThatThrownBy(() -> new MemberStateWatch(fake, List.of(A, B), C, C_ID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.3");
  }
}
