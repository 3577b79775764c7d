package io.ringstore.core.wire;

/**
 * A replica's answer to a {@link ReplicaPutRequest}.
 *
 * @param applied true if the version was stored, false if the replica already held it or a newer
 *     one (an obsolete write, still a success for the quorum)
 */
public record ReplicaPutResponse(boolean applied) implements Response {
  private static final ReplicaPutResponse APPLIED = new ReplicaPutResponse(true);
  private static final ReplicaPutResponse OBSOLETE = new ReplicaPutResponse(false);

  /** The answer for {@code applied}, one shared instance each: replicas answer every write. */
  public static ReplicaPutResponse of(boolean applied) {
    return applied ? APPLIED : OBSOLETE;
  }
}
