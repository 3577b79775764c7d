package io.ringstore.core.simulation.linearizability;

/**
 * The {@link LinearizabilityChecker}'s verdict on one key.
 *
 * @param key the key
 * @param verdict linearizable, not, or inconclusive (the search budget ran out)
 * @param opsChecked operations of the key the search had to place (failed ones and reads of unknown
 *     outcome are dropped first)
 * @param statesExplored distinct (linearized set, model state) pairs the search visited
 * @param explanation for a violation, the longest linearizable prefix and the operations that could
 *     not come next; empty otherwise
 */
public record KeyVerdict(
    String key, Verdict verdict, int opsChecked, long statesExplored, String explanation) {
  /** What the search concluded. */
  public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    INCONCLUSIVE
  }

  @Override
  public String toString() {
    String summary =
        key + ": " + verdict + " (" + opsChecked + " ops, " + statesExplored + " states explored)";
    return explanation.isEmpty() ? summary : summary + "\n" + explanation;
  }
}
