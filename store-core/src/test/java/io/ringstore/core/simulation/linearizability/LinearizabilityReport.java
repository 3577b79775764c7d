package io.ringstore.core.simulation.linearizability;

import io.ringstore.core.simulation.CheckResult;
import io.ringstore.core.simulation.linearizability.KeyVerdict.Verdict;
import java.util.List;

/**
 * The {@link LinearizabilityChecker}'s verdicts, one per key. The history is linearizable only if
 * every key is (P-compositionality: Herlihy and Wing, 1990, theorem 1).
 */
public record LinearizabilityReport(List<KeyVerdict> keys) {
  public LinearizabilityReport {
    keys = List.copyOf(keys);
  }

  /** Not linearizable if any key is not; else inconclusive if any key is; else linearizable. */
  public Verdict verdict() {
    if (keys.stream().anyMatch(key -> key.verdict() == Verdict.NOT_LINEARIZABLE)) {
      return Verdict.NOT_LINEARIZABLE;
    }
    if (keys.stream().anyMatch(key -> key.verdict() == Verdict.INCONCLUSIVE)) {
      return Verdict.INCONCLUSIVE;
    }
    return Verdict.LINEARIZABLE;
  }

  /** The keys with {@code verdict}. */
  public List<KeyVerdict> keysWith(Verdict verdict) {
    return keys.stream().filter(key -> key.verdict() == verdict).toList();
  }

  /** As a simulator {@link CheckResult}: one violation per key that is not linearizable. */
  public CheckResult toCheckResult(String checker) {
    return new CheckResult(
        checker,
        true,
        keysWith(Verdict.NOT_LINEARIZABLE).stream().map(KeyVerdict::toString).toList());
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(verdict().toString());
    for (KeyVerdict key : keys) {
      text.append('\n').append(key);
    }
    return text.toString();
  }
}
