package io.ringstore.core.repair;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.wire.WireLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * A hash tree over one token range, as anti-entropy compares it (Dynamo, section 4.7; Cassandra's
 * validation trees): the range is cut into {@code 2^depth} leaves of equal token width ({@link
 * LeafGeometry}), a leaf's hash is the sum of the digests of its keys ({@link Digests}), and each
 * interior node hashes its two children. Two replicas whose roots agree hold the same data for the
 * range; where they differ, {@link #differingLeaves} descends only into differing subtrees and
 * names the leaves whose keys must be compared.
 *
 * <p><b>Depth.</b> A replica scans its range once into the {@link #DEPTH_MAX} leaves ({@link
 * LeafSums}) and counts the keys; the tree is then folded to the depth that gives about the wanted
 * number of keys a leaf ({@link #depthFor}). Sums fold exactly: a leaf is the sum of its two halves
 * one level deeper, so two replicas that counted different numbers of keys agree on the depth by
 * taking the deeper one, without scanning again.
 *
 * <p><b>Bounds.</b> A scan keeps (token, digest) pairs for up to 65,536 keys (1 MiB), then the
 * {@code 2^16} deepest leaf sums (512 KiB) instead; a tree is {@code 2^(depth+1)} longs (1 MiB at
 * the deepest), whatever the number of keys. Building one is one pass over a token-ordered scan,
 * one digest per key; nothing of the keys themselves is kept. Only leaves travel between replicas
 * ({@code 2^depth} longs); the receiver rebuilds the interior with {@link #ofLeaves}.
 *
 * <p><b>Layout.</b> Heap order in one array: the root at index 1, the children of node {@code i} at
 * {@code 2i} and {@code 2i+1}, leaf {@code j} at {@code 2^depth + j}. An empty leaf sums to 0 on
 * every replica.
 */
public final class MerkleTree {
  /** The deepest tree anti-entropy builds: 65,536 leaves. */
  public static final int DEPTH_MAX = WireLimits.TREE_DEPTH_MAX;

  private final TokenRange range;
  private final int depth;
  private final long[] nodes;

  private MerkleTree(TokenRange range, int depth, long[] nodes) {
    this.range = range;
    this.depth = depth;
    this.nodes = nodes;
  }

  /**
   * The digests of a range's keys, summed into its deepest leaves, and how many keys there were. Up
   * to {@link #BUFFERED_KEYS_MAX} keys are kept as (token, digest) pairs, which costs a small range
   * little; past that they are summed into the {@code 2^DEPTH_MAX} deepest leaves, which bounds the
   * memory whatever the number of keys.
   */
  public static final class LeafSums {
    /** The narrowest range whose sums come from a walk of all of storage: a quarter of the ring. */
    private static final long WALK_WIDTH_MIN = 1L << 62;

    /** Keys kept as pairs before the sums take over: 1 MiB of pairs, twice the sums. */
    static final int BUFFERED_KEYS_MAX = 1 << DEPTH_MAX;

    private final TokenRange range;
    private final LeafGeometry geometry;
    private long[] tokens = new long[16];
    private long[] digests = new long[16];
    private long[] sums;
    private long keys;

    private LeafSums(TokenRange range) {
      this.range = range;
      this.geometry = LeafGeometry.of(range);
    }

    /** Sums the keys {@code scan} yields, which must lie in {@code range}. */
    public static LeafSums of(TokenRange range, Iterator<KeyVersions> scan) {
      LeafSums leafSums = new LeafSums(range);
      while (scan.hasNext()) {
        KeyVersions key = scan.next();
        leafSums.add(key.token(), Digests.of(key));
      }
      return leafSums;
    }

    /**
     * Sums the versions {@code storage} holds in {@code range}, met in any order ({@link
     * StorageEngine#forEachVersion}); if the storage cannot finish that way, by its ordered scan.
     * {@link #keys} then counts versions, which is what sets the depth.
     */
    public static LeafSums of(TokenRange range, StorageEngine storage) {
      if (!coversMuchOfTheRing(range)) {
        return of(range, storage.scan(range));
      }
      LeafSums leafSums = new LeafSums(range);
      boolean finished =
          storage.forEachVersion(
              range,
              (key, token, version) -> leafSums.add(token, Digests.ofVersion(token, version)));
      return finished ? leafSums : of(range, storage.scan(range));
    }

    /**
     * Whether {@code range} spans at least a quarter of the ring: then walking all of storage costs
     * little more than the range's own keys; a narrow range (many virtual nodes, more nodes than N)
     * is read by the ordered scan, which reads only the range.
     */
    static boolean coversMuchOfTheRing(TokenRange range) {
      if (range.isFull()) {
        return true;
      }
      long width = range.endInclusive() - range.startExclusive(); // unsigned
      return Long.compareUnsigned(width, WALK_WIDTH_MIN) >= 0;
    }

    private void add(long token, long digest) {
      if (sums == null && keys == BUFFERED_KEYS_MAX) {
        sums = new long[1 << DEPTH_MAX];
        for (int i = 0; i < keys; i++) {
          sums[geometry.leafOf(tokens[i], DEPTH_MAX)] += digests[i];
        }
        tokens = null;
        digests = null;
      }
      if (sums != null) {
        sums[geometry.leafOf(token, DEPTH_MAX)] += digest;
      } else {
        if (keys == tokens.length) {
          tokens = Arrays.copyOf(tokens, tokens.length * 2);
          digests = Arrays.copyOf(digests, digests.length * 2);
        }
        tokens[(int) keys] = token;
        digests[(int) keys] = digest;
      }
      keys++;
    }

    /** How many keys the scan met. */
    public long keys() {
      return keys;
    }

    /** The tree of these sums at {@code depth}. */
    public MerkleTree treeAt(int depth) {
      requireDepth(depth);
      long[] leaves = new long[1 << depth];
      if (sums != null) {
        int shift = DEPTH_MAX - depth;
        for (int i = 0; i < sums.length; i++) {
          leaves[i >>> shift] += sums[i];
        }
      } else {
        for (int i = 0; i < keys; i++) {
          leaves[geometry.leafOf(tokens[i], depth)] += digests[i];
        }
      }
      return ofLeaves(range, depth, leaves);
    }
  }

  /** The tree of the keys {@code scan} yields (in {@code range}) at {@code depth}. */
  public static MerkleTree build(TokenRange range, int depth, Iterator<KeyVersions> scan) {
    return LeafSums.of(range, scan).treeAt(depth);
  }

  /**
   * The tree whose leaves are {@code leaves} ({@code 2^depth} of them): a peer's, from the wire.
   */
  public static MerkleTree ofLeaves(TokenRange range, int depth, long[] leaves) {
    requireDepth(depth);
    int leafCount = 1 << depth;
    if (leaves.length != leafCount) {
      throw new IllegalArgumentException(
          "a tree of depth " + depth + " has " + leafCount + " leaves, not " + leaves.length);
    }
    long[] nodes = new long[2 * leafCount];
    System.arraycopy(leaves, 0, nodes, leafCount, leafCount);
    for (int i = leafCount - 1; i >= 1; i--) {
      nodes[i] = Digests.parent(nodes[2 * i], nodes[2 * i + 1]);
    }
    return new MerkleTree(range, depth, nodes);
  }

  /**
   * The shallowest depth, at most {@link #DEPTH_MAX}, that gives at most {@code keysPerLeaf} keys a
   * leaf on average for {@code keys} keys.
   */
  public static int depthFor(long keys, int keysPerLeaf) {
    int depth = 0;
    while (depth < DEPTH_MAX && ((long) keysPerLeaf << depth) < keys) {
      depth++;
    }
    return depth;
  }

  private static void requireDepth(int depth) {
    if (depth < 0 || depth > DEPTH_MAX) {
      throw new IllegalArgumentException(
          "tree depth " + depth + " is outside [0, " + DEPTH_MAX + "]");
    }
  }

  public TokenRange range() {
    return range;
  }

  public int depth() {
    return depth;
  }

  public long root() {
    return nodes[1];
  }

  /** A copy of the leaf hashes, leaf 0 first: what goes on the wire. */
  public long[] leaves() {
    long[] leaves = new long[1 << depth];
    System.arraycopy(nodes, leaves.length, leaves, 0, leaves.length);
    return leaves;
  }

  /**
   * The leaves where this tree and {@code other} (of the same range and depth) differ, ascending:
   * found by descending from the root into differing children only.
   */
  public List<Integer> differingLeaves(MerkleTree other) {
    if (!range.equals(other.range) || depth != other.depth) {
      throw new IllegalArgumentException(
          "trees of "
              + range
              + " at depth "
              + depth
              + " and "
              + other.range
              + " at depth "
              + other.depth
              + " cannot be compared");
    }
    List<Integer> differing = new ArrayList<>();
    descend(1, other, differing);
    return differing;
  }

  private void descend(int node, MerkleTree other, List<Integer> differing) {
    if (nodes[node] == other.nodes[node]) {
      return;
    }
    int leafCount = 1 << depth;
    if (node >= leafCount) {
      differing.add(node - leafCount);
      return;
    }
    descend(2 * node, other, differing);
    descend(2 * node + 1, other, differing);
  }

  /** The tokens of leaf {@code leaf}; throws for a leaf that holds no token of the range. */
  public TokenRange leafRange(int leaf) {
    return LeafGeometry.of(range).rangeOf(leaf, depth);
  }
}
