package io.ringstore.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cache returns equal node ids for equal bytes, stays bounded and never stores bad ids. */
class NodeIdCacheTest {
  private final NodeIdCache cache = new NodeIdCache();

  @Test
  void equalBytesAnywhereInABufferGiveTheSameNodeId() {
    byte[] first = "xxnode-1".getBytes(StandardCharsets.US_ASCII);
    byte[] second = "node-1yy".getBytes(StandardCharsets.US_ASCII);

    NodeId nodeId = cache.get(first, 2, 6);

    assertThat(nodeId).isEqualTo(NodeId.of("node-1"));
    assertThat(cache.get(second, 0, 6)).isSameAs(nodeId);
  }

  @Test
  void manyDistinctIdsAllDecodeCorrectly() {
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < NodeIdCache.SLOTS * 4; i++) {
        byte[] bytes = ("n" + i).getBytes(StandardCharsets.US_ASCII);
        assertThat(cache.get(bytes, 0, bytes.length)).isEqualTo(NodeId.of("n" + i));
      }
    }
  }

  @Test
  void invalidIdsThrowEveryTime() {
    byte[] bytes = "bad id".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> cache.get(bytes, 0, bytes.length))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.get(bytes, 0, bytes.length))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
