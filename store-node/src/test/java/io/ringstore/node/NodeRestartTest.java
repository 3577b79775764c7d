package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
import io.ringstore.core.time.SystemClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarts onto the ring it left: its tokens, generation and the members it knew come from
 * its data directory before it serves a request, so it neither waits for gossip nor routes on a
 * partial ring (issue 9, item 6).
 */
class NodeRestartTest {
  @TempDir Path directory;

  @Test
  void aNodeRestartedAloneRoutesOnTheRingItLeftWithTheSameTokens() {
    Map<NodeId, long[]> tokensBefore;
    try (InProcessCluster cluster = InProcessCluster.start(directory)) {
      tokensBefore = tokensOf(cluster.node(2).ring());
    }
    assertThat(tokensBefore).hasSize(InProcessCluster.NODES);
    assertThat(Files.exists(directory.resolve("node-3").resolve(FileMembershipStore.FILE_NAME)))
        .isTrue();

    HostPort goneSeed = new HostPort("127.0.0.1", 1);
    try (NodeAssembly restarted =
        new NodeAssembly(
            InProcessCluster.config(directory, 2, goneSeed),
            new SystemClock(),
            UnaryOperator.identity())) {
      Map<NodeId, long[]> tokensAfter = tokensOf(restarted.ring());

      assertThat(tokensAfter.keySet()).isEqualTo(tokensBefore.keySet());
      tokensBefore.forEach(
          (id, tokens) -> assertThat(tokensAfter.get(id)).as("tokens of %s", id).isEqualTo(tokens));
      assertThat(restarted.membership().generation()).isEqualTo(2);
      assertThat(restarted.membership().status()).isEqualTo(MemberStatus.NORMAL);
    }
  }

  private static Map<NodeId, long[]> tokensOf(Ring ring) {
    Map<NodeId, long[]> tokens = new TreeMap<>();
    for (Member member : ring.members()) {
      tokens.put(member.id(), ring.tokensOf(member.id()));
    }
    return tokens;
  }
}
