package io.ringstore.core.wire;

import java.util.Objects;

/**
 * A replica's Merkle tree of the range it was asked for: the depth it chose, how many keys it holds
 * in the range, and the {@code 2^depth} leaf hashes (the receiver rebuilds the interior).
 */
public record MerkleTreeResponse(int depth, long keyCount, long[] leaves) implements Response {
  public MerkleTreeResponse {
    MessageChecks.treeDepth(depth);
    Objects.requireNonNull(leaves, "leaves");
    if (leaves.length != 1 << depth) {
      throw new IllegalArgumentException(
          "a tree of depth " + depth + " has " + (1 << depth) + " leaves, not " + leaves.length);
    }
    if (keyCount < 0) {
      throw new IllegalArgumentException("key count " + keyCount + " must not be negative");
    }
  }
}
