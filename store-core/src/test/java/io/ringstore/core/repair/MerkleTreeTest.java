package io.ringstore.core.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static final TokenRange RANGE = new TokenRange(-1_000_000, 1_000_000);

  @Test
  void replicasHoldingTheSameVersionsHaveTheSameRootWhateverTheSiblingOrder() {
    Versioned a = version("n1", 1, "a");
    Versioned b = version("n2", 1, "b");
    List<KeyVersions> one = List.of(key(10, a, b));
    List<KeyVersions> other = List.of(key(10, b, a));

    assertThat(MerkleTree.build(RANGE, 4, one.iterator()).root())
        .isEqualTo(MerkleTree.build(RANGE, 4, other.iterator()).root());
  }

  @Test
  void aMissingKeyAnOlderVersionOrAnotherValueMakesItsLeafDiffer() {
    List<KeyVersions> full =
        List.of(key(-999_000, version("n1", 1, "x")), key(5, version("n1", 2, "y")));
    MerkleTree tree = MerkleTree.build(RANGE, 8, full.iterator());
    int leafOfFirst = LeafGeometry.of(RANGE).leafOf(-999_000, 8);
    int leafOfSecond = LeafGeometry.of(RANGE).leafOf(5, 8);

    MerkleTree missing = MerkleTree.build(RANGE, 8, List.of(full.get(1)).iterator());
    MerkleTree older =
        MerkleTree.build(RANGE, 8, List.of(full.get(0), key(5, version("n1", 1, "y"))).iterator());
    MerkleTree otherValue =
        MerkleTree.build(RANGE, 8, List.of(full.get(0), key(5, version("n1", 2, "z"))).iterator());

    assertThat(tree.differingLeaves(missing)).containsExactly(leafOfFirst);
    assertThat(tree.differingLeaves(older)).containsExactly(leafOfSecond);
    assertThat(tree.differingLeaves(otherValue)).containsExactly(leafOfSecond);
    assertThat(tree.differingLeaves(tree)).isEmpty();
  }

  /** Sums fold exactly: the tree built at a depth equals the deepest sums folded to it. */
  @Test
  void aTreeFoldedToAShallowerDepthEqualsOneBuiltThere() {
    long seed = Seeds.seed("MerkleTreeTest.fold");
    List<KeyVersions> keys = randomKeys(new Random(seed), TokenRange.full(), 500);
    MerkleTree.LeafSums sums = MerkleTree.LeafSums.of(TokenRange.full(), keys.iterator());

    for (int depth = 0; depth <= MerkleTree.DEPTH_MAX; depth += 3) {
      assertThat(sums.treeAt(depth).leaves())
          .as("seed %d depth %d", seed, depth)
          .containsExactly(MerkleTree.build(TokenRange.full(), depth, keys.iterator()).leaves());
    }
    assertThat(sums.keys()).isEqualTo(500);
  }

  /** Past the keys a scan buffers, the deepest sums take over and fold to the same leaves. */
  @Test
  void aScanPastTheBufferFoldsToTheLeavesEachKeyFallsIn() {
    long seed = Seeds.seed("MerkleTreeTest.pastBuffer");
    TokenRange range = new TokenRange(-5, Long.MAX_VALUE / 2);
    List<KeyVersions> keys =
        randomKeys(new Random(seed), range, MerkleTree.LeafSums.BUFFERED_KEYS_MAX + 5_000);
    MerkleTree.LeafSums sums = MerkleTree.LeafSums.of(range, keys.iterator());

    for (int depth : new int[] {0, 7, MerkleTree.DEPTH_MAX}) {
      long[] expected = new long[1 << depth];
      for (KeyVersions key : keys) {
        expected[LeafGeometry.of(range).leafOf(key.token(), depth)] += Digests.of(key);
      }
      assertThat(sums.treeAt(depth).leaves())
          .as("seed %d depth %d", seed, depth)
          .containsExactly(expected);
    }
  }

  /** Every leaf's range holds exactly the tokens the geometry files under that leaf. */
  @Test
  void leafRangesTileTheRangeAndAgreeWithLeafOf() {
    long seed = Seeds.seed("MerkleTreeTest.tiles");
    Random random = new Random(seed);
    List<TokenRange> ranges =
        List.of(
            TokenRange.full(),
            new TokenRange(Long.MAX_VALUE - 10, Long.MIN_VALUE + 10),
            new TokenRange(0, 3),
            new TokenRange(random.nextLong(), random.nextLong()),
            new TokenRange(Long.MIN_VALUE, Long.MAX_VALUE));
    for (TokenRange range : ranges) {
      for (int depth : new int[] {0, 1, 5, MerkleTree.DEPTH_MAX}) {
        LeafGeometry geometry = LeafGeometry.of(range);
        for (KeyVersions key : randomKeys(random, range, 300)) {
          int leaf = geometry.leafOf(key.token(), depth);
          assertThat(geometry.rangeOf(leaf, depth).contains(key.token()))
              .as("seed %d, %s depth %d token %d", seed, range, depth, key.token())
              .isTrue();
        }
        assertThat(geometry.rangeOf(0, depth).startExclusive()).isEqualTo(range.startExclusive());
      }
    }
  }

  @Test
  void theDepthGivesAboutTheWantedKeysALeafAndIsBounded() {
    assertThat(MerkleTree.depthFor(0, 32)).isZero();
    assertThat(MerkleTree.depthFor(32, 32)).isZero();
    assertThat(MerkleTree.depthFor(33, 32)).isEqualTo(1);
    assertThat(MerkleTree.depthFor(1_000_000, 32)).isEqualTo(15);
    assertThat(MerkleTree.depthFor(Long.MAX_VALUE, 1)).isEqualTo(MerkleTree.DEPTH_MAX);
  }

  @Test
  void treesOfDifferentDepthsCannotBeCompared() {
    MerkleTree shallow = MerkleTree.build(RANGE, 1, List.<KeyVersions>of().iterator());
    MerkleTree deep = MerkleTree.build(RANGE, 2, List.<KeyVersions>of().iterator());

    assertThatThrownBy(() -> shallow.differingLeaves(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be compared");
  }

  static Versioned version(String node, long counter, String value) {
    VectorClock clock =
        VectorClock.of(List.of(new VectorClock.Entry(NodeId.of(node), counter, 1_000)));
    return Versioned.of(clock, 1_000 + counter, value.getBytes(StandardCharsets.UTF_8));
  }

  private static KeyVersions key(long token, Versioned... versions) {
    return new KeyVersions(
        Long.toString(token).getBytes(StandardCharsets.UTF_8), token, List.of(versions));
  }

  /** {@code count} keys with random tokens in {@code range}, in token order. */
  private static List<KeyVersions> randomKeys(Random random, TokenRange range, int count) {
    List<KeyVersions> keys = new ArrayList<>();
    long width = range.endInclusive() - range.startExclusive(); // unsigned; 0: the full ring
    for (int i = 0; i < count; i++) {
      long offset =
          width == 0 ? random.nextLong() : Long.remainderUnsigned(random.nextLong(), width);
      long token = range.startExclusive() + 1 + offset;
      keys.add(key(token, version("n" + random.nextInt(3), 1 + random.nextInt(5), "v")));
    }
    keys.sort(Comparator.comparingLong(KeyVersions::token));
    return keys;
  }
}
