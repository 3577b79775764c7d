package io.ringstore.core.wire;

import io.ringstore.core.ring.TokenRange;
import java.util.Objects;

/**
 * Anti-entropy asks a replica for its Merkle tree of {@code range}: the replica builds it from its
 * storage at {@code depthMin} or deeper, if its own keys call for more leaves, and answers with a
 * {@link MerkleTreeResponse}.
 */
public record MerkleTreeRequest(TokenRange range, int depthMin) implements PeerRequest {
  public MerkleTreeRequest {
    Objects.requireNonNull(range, "range");
    MessageChecks.treeDepth(depthMin);
  }
}
