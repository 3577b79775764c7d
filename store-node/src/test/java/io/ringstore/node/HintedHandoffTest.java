package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Ring;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hinted handoff on four real nodes (sockets, log storage, N=3 W=2): while node-4 is stopped,
 * writes for the keys it replicates succeed through stand-ins, which keep them as hints on disk;
 * once node-4 is back and gossip sees it UP, the hints are replayed and deleted, and node-4's own
 * replica holds every write it missed. Writes go at consistency ALL, so that each one needs
 * node-4's slot answered: by a stand-in's hint, the sloppy quorum.
 */
class HintedHandoffTest {
  private static final int NODES = 4;
  private static final int STOPPED = 3;
  private static final int KEYS = 40;
  private static final long DRAINED_WITHIN_MILLIS = 30_000;

  @TempDir Path directory;

  private InProcessCluster cluster;
  private DirectCaller direct;

  @BeforeEach
  void start() {
    cluster = InProcessCluster.start(directory, NODES);
    direct = new DirectCaller();
  }

  @AfterEach
  void stop() {
    direct.close();
    cluster.close();
  }

  @Test
  void writesForAStoppedReplicaSucceedAsHintsAndReachItOnceItIsBack() throws Exception {
    Ring ring = cluster.node(0).ring();
    NodeId stopped = cluster.node(STOPPED).id();
    List<byte[]> itsKeys = new ArrayList<>();
    for (int i = 0; itsKeys.size() < KEYS; i++) {
      byte[] key = ("hinted-" + i).getBytes(StandardCharsets.UTF_8);
      if (ring.preferenceList(key).isReplica(stopped)) {
        itsKeys.add(key);
      }
    }
    cluster.stop(STOPPED);

    for (byte[] key : itsKeys) {
      Response written =
          direct.call(
              cluster.node(0).self(),
              new PutRequest(key, key, VectorClock.empty(), Consistency.all(), 0));
      assertThat(written)
          .as("ALL met with a stand-in's hint in place of %s", stopped)
          .isInstanceOf(PutResponse.class);
    }
    int held = 0;
    for (int i = 0; i < NODES; i++) {
      held += i == STOPPED ? 0 : cluster.node(i).hints().size();
    }
    assertThat(held).as("one hint per write, on the stand-ins").isEqualTo(KEYS);

    cluster.restart(directory, STOPPED);
    Await.until(
        "the stand-ins to replay every hint to " + stopped,
        DRAINED_WITHIN_MILLIS,
        () -> {
          for (int i = 0; i < NODES; i++) {
            if (i != STOPPED && cluster.node(i).hints().size() > 0) {
              return false;
            }
          }
          return true;
        });

    for (byte[] key : itsKeys) {
      Versioned[] held4 = heldBy(STOPPED, key);
      assertThat(held4).as("%s holds the write it missed", stopped).hasSize(1);
      assertThat(held4[0].value()).isEqualTo(key);
    }
    long delivered = 0;
    for (int i = 0; i < NODES; i++) {
      delivered += i == STOPPED ? 0 : cluster.node(i).hints().counts().delivered();
    }
    assertThat(delivered).isEqualTo(KEYS);
  }

  /** What node {@code node}'s own replica holds: a read at ONE through it asks itself first. */
  private Versioned[] heldBy(int node, byte[] key) throws Exception {
    Response answer =
        direct.call(cluster.node(node).self(), new GetRequest(key, Consistency.one(), 0));
    return ((GetResponse) answer).versions();
  }
}
