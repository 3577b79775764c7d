package io.ringstore.core.wire;

/**
 * A replica's answer to a {@link ReplicaPutRequest}.
 *
 * @param applied true if the version was stored, false if the replica already held it or a newer
 *     one (an obsolete write, still a success for the quorum)
 */
public record ReplicaPutResponse(boolean applied) implements Response {}
