package io.ringstore.core.wire;

/**
 * A read or write missed its quorum: fewer replicas answered in time than the consistency level
 * required. A write may still have been applied on the replicas that answered.
 *
 * @param replicasAnswered replicas that answered in time
 * @param replicasRequired replicas the consistency level required, more than answered
 * @param replicasAsked replicas the coordinator sent the request to
 */
public record QuorumFailedResponse(int replicasAnswered, int replicasRequired, int replicasAsked)
    implements Response {
  /** Checks that the counts are consistent with a missed quorum. */
  public QuorumFailedResponse {
    MessageChecks.replicaCount(replicasRequired, 1, "replicasRequired");
    MessageChecks.replicaCount(replicasAsked, 0, "replicasAsked");
    MessageChecks.replicaCount(replicasAnswered, 0, "replicasAnswered");
    if (replicasAnswered >= replicasRequired || replicasAnswered > replicasAsked) {
      throw new IllegalArgumentException(
          "a missed quorum needs replicasAnswered below replicasRequired and at most replicasAsked: "
              + describe(replicasAnswered, replicasRequired, replicasAsked));
    }
  }

  /** For people: {@code "2 of 3 required replicas answered (3 asked)"}. */
  public String describe() {
    return describe(replicasAnswered, replicasRequired, replicasAsked);
  }

  private static String describe(int answered, int required, int asked) {
    return answered + " of " + required + " required replicas answered (" + asked + " asked)";
  }
}
