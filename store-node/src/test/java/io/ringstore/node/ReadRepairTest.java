package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read repair on three real nodes (sockets, log storage): a replica that missed a write while it
 * was silent holds it as soon as a read at ALL that saw the divergence has answered (the answer
 * waits for the repair of the replicas of its quorum). What a node holds is read through that node
 * as coordinator at consistency ONE, which asks its own replica first and alone.
 */
class ReadRepairTest {
  private static final long REPAIRED_WITHIN_MILLIS = 10_000;

  @TempDir Path directory;

  private InProcessCluster cluster;
  private DirectCaller direct;

  @BeforeEach
  void start() {
    cluster = InProcessCluster.start(directory);
    direct = new DirectCaller();
  }

  @AfterEach
  void stop() {
    direct.close();
    cluster.close();
  }

  private Versioned[] heldBy(int node, byte[] key) throws Exception {
    Response answer =
        direct.call(cluster.node(node).self(), new GetRequest(key, Consistency.one(), 0));
    return ((GetResponse) answer).versions();
  }

  @Test
  void aReadAtAllRepairsTheReplicaThatMissedTheWrite() throws Exception {
    byte[] key = "repaired".getBytes(StandardCharsets.UTF_8);
    byte[] value = "written-while-node-3-was-silent".getBytes(StandardCharsets.UTF_8);
    cluster.silence(2);
    assertThat(
            direct.call(
                cluster.node(0).self(),
                new PutRequest(key, value, VectorClock.empty(), Consistency.quorum(), 0)))
        .isInstanceOf(PutResponse.class);
    cluster.unsilence(2);
    assertThat(heldBy(2, key)).as("node-3 missed the write").isEmpty();

    Await.until(
        "a read at ALL to succeed once node-3 answers again",
        REPAIRED_WITHIN_MILLIS,
        () -> {
          try {
            return direct.call(cluster.node(0).self(), new GetRequest(key, Consistency.all(), 0))
                instanceof GetResponse;
          } catch (Exception e) {
            return false;
          }
        });

    Versioned[] held = heldBy(2, key);
    assertThat(held).as("repaired before the read at ALL answered").hasSize(1);
    assertThat(held[0].value()).isEqualTo(value);
    assertThat(cluster.node(0).coordinator().stats().repairWrites()).isPositive();
  }
}
