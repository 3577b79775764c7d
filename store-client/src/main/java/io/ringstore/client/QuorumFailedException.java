package io.ringstore.client;

/**
 * Fewer replicas answered in time than the request's consistency required. A write may have been
 * applied on the replicas that answered, and will spread to the others by repair.
 */
public final class QuorumFailedException extends RingstoreException {
  private static final long serialVersionUID = 1L;

  private final int replicasAnswered;
  private final int replicasRequired;

  QuorumFailedException(String coordinator, int answered, int required, int asked) {
    super(
        "quorum failed at "
            + coordinator
            + ": "
            + answered
            + " of "
            + required
            + " required replicas answered ("
            + asked
            + " asked); replicas are down or slow: retry, or ask for a lower consistency");
    this.replicasAnswered = answered;
    this.replicasRequired = required;
  }

  /** Replicas that answered in time. */
  public int replicasAnswered() {
    return replicasAnswered;
  }

  /** Replicas the consistency level required. */
  public int replicasRequired() {
    return replicasRequired;
  }
}
