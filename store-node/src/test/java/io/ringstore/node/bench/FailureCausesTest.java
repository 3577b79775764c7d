package io.ringstore.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureCausesTest {
  @Test
  void countsByClassAndMessageStartMostFrequentFirstUnwrappingCompletionExceptions() {
    FailureCauses causes = new FailureCauses();
    causes.count(new IllegalStateException("UNAVAILABLE: W=2"));
    causes.count(new CompletionException(new TimeoutException("after 2000 ms")));
    causes.count(new TimeoutException("after 2000 ms"));

    assertThat(causes)
        .hasToString(
            "2 x [TimeoutException: after 2000 ms]; 1 x [IllegalStateException: UNAVAILABLE: W=2]");
  }

  @Test
  void namesEachAttemptsFailureWithoutTheNodesInParentheses() {
    FailureCauses causes = new FailureCauses();
    IllegalStateException timedOut =
        new IllegalStateException("no replica answered in time (tried 2 of [node-1, node-2])");
    timedOut.addSuppressed(new TimeoutException("node-3 did not answer (after 40 ms)"));
    timedOut.addSuppressed(new IllegalArgumentException("connection refused"));
    causes.count(timedOut);

    assertThat(causes)
        .hasToString(
            "1 x [IllegalStateException: no replica answered in time <- attempts:"
                + " TimeoutException: node-3 did not answer"
                + " | IllegalArgumentException: connection refused]");
  }

  @Test
  void boundedInCausesAndMessageLength() {
    FailureCauses causes = new FailureCauses();
    for (int i = 0; i < FailureCauses.CAUSES_MAX + 5; i++) {
      causes.count(new IllegalStateException("cause " + i + "x".repeat(200)));
    }

    assertThat(causes.toString().split("; ")).hasSize(FailureCauses.CAUSES_MAX + 1);
    assertThat(causes.toString()).contains("5 x [other]").doesNotContain("x".repeat(61));
  }
}
