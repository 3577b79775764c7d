package io.ringstore.core.repair;

import io.ringstore.core.ring.TokenRange;

/**
 * How a token range is cut into leaves. Token {@code t} lies at offset {@code t - start - 1}
 * (unsigned; the range's first token is offset 0). At the deepest level, {@link
 * MerkleTree#DEPTH_MAX}, each leaf is {@code base} offsets wide ({@code base = ceil(width /
 * 2^DEPTH_MAX)}); a leaf at depth {@code d} is exactly {@code 2^(DEPTH_MAX - d)} deepest leaves, so
 * a tree built at the deepest level folds to any shallower depth by summing neighbours. The full
 * ring is {@code 2^64} tokens wide; a range narrower than {@code 2^DEPTH_MAX} leaves its last
 * leaves empty.
 */
record LeafGeometry(long start, long widthMinusOne, long base) {
  static LeafGeometry of(TokenRange range) {
    long start = range.startExclusive();
    if (range.isFull()) {
      return new LeafGeometry(start, -1L, 1L << (Long.SIZE - MerkleTree.DEPTH_MAX));
    }
    long widthMinusOne = range.endInclusive() - start - 1;
    long leaves = 1L << MerkleTree.DEPTH_MAX;
    long base = Long.divideUnsigned(widthMinusOne, leaves) + 1; // ceil(width / leaves)
    return new LeafGeometry(start, widthMinusOne, base);
  }

  /** The leaf at {@code depth} holding {@code token}, which lies in the range. */
  int leafOf(long token, int depth) {
    long deepest = Long.divideUnsigned(token - start - 1, base);
    return (int) (deepest >>> (MerkleTree.DEPTH_MAX - depth));
  }

  /** The tokens of leaf {@code leaf} at {@code depth}; throws for an empty or absent leaf. */
  TokenRange rangeOf(int leaf, int depth) {
    if (depth < 0 || depth > MerkleTree.DEPTH_MAX || leaf < 0 || leaf >= 1 << depth) {
      throw new IllegalArgumentException("leaf " + leaf + " of depth " + depth + " does not exist");
    }
    if (depth == 0) {
      return new TokenRange(start, start + widthMinusOne + 1);
    }
    long leafWidth = base << (MerkleTree.DEPTH_MAX - depth);
    long firstOffset = leaf * leafWidth;
    if (Long.compareUnsigned(firstOffset, widthMinusOne) > 0) {
      throw new IllegalArgumentException(
          "leaf " + leaf + " of depth " + depth + " is empty: the range is narrower");
    }
    long lastOffset = firstOffset + leafWidth - 1;
    if (Long.compareUnsigned(lastOffset, widthMinusOne) > 0
        || Long.compareUnsigned(lastOffset, firstOffset) < 0) {
      lastOffset = widthMinusOne;
    }
    return new TokenRange(start + firstOffset, start + lastOffset + 1);
  }

  /** Whether leaf {@code leaf} at {@code depth} holds any token of the range. */
  boolean hasTokens(int leaf, int depth) {
    if (depth == 0) {
      return true;
    }
    long firstOffset = leaf * (base << (MerkleTree.DEPTH_MAX - depth));
    return Long.compareUnsigned(firstOffset, widthMinusOne) <= 0;
  }
}
