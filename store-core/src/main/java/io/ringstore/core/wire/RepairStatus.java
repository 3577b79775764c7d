package io.ringstore.core.wire;

/**
 * Where a node's anti-entropy repair stands: the run in progress or, when none is, the last one.
 *
 * @param running whether a repair runs now
 * @param runsFinished repairs this node finished since it started (periodic and on demand)
 * @param rangesTotal ranges the current or last run compares, each with each of its other replicas
 * @param rangesDone of those, compared (with or without differences)
 * @param rangesFailed of those, not compared: a replica was down or did not answer
 * @param keysCompared keys whose digests the run compared
 * @param keysReceived keys whose versions it took from other replicas
 * @param keysSent keys whose versions it wrote to other replicas
 * @param bytesStreamed value and key bytes received and sent
 * @param elapsedMillis how long the current or last run took so far
 * @param lastFailure why the last range that failed did, or empty
 */
public record RepairStatus(
    boolean running,
    long runsFinished,
    int rangesTotal,
    int rangesDone,
    int rangesFailed,
    long keysCompared,
    long keysReceived,
    long keysSent,
    long bytesStreamed,
    long elapsedMillis,
    String lastFailure)
    implements Response {
  /** What a node that never repaired answers. */
  public static final RepairStatus NONE = new RepairStatus(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, "");

  public RepairStatus {
    lastFailure = MessageChecks.truncatedMessage(lastFailure);
    if (runsFinished < 0
        || rangesTotal < 0
        || rangesDone < 0
        || rangesFailed < 0
        || keysCompared < 0
        || keysReceived < 0
        || keysSent < 0
        || bytesStreamed < 0
        || elapsedMillis < 0) {
      throw new IllegalArgumentException("repair status counts must not be negative: " + this);
    }
  }
}
