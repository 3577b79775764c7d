package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.client.GetResult;
import io.ringstore.client.PutResult;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.VersionContext;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.MemberStatus;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.ring.PreferenceList;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ClusterStateResponse;
import io.ringstore.core.wire.ConditionalRequest;
import io.ringstore.core.wire.ConditionalResponse;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DecommissionRequest;
import io.ringstore.core.wire.Fence;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.RemoveNodeRequest;
import io.ringstore.core.wire.RepairStatus;
import io.ringstore.core.wire.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes (Netty, storage on disk) moving ranges under a client's load: a fourth node joins a
 * loaded three-node cluster and receives its ranges before it serves them, then one of the original
 * nodes decommissions and hands its ranges over; the client sees no error, and every acknowledged
 * write is read back afterwards. The load overwrites only the first half of the keys, so the joined
 * node can hold the second half only by streaming: its own replica is read for them.
 */
class RangeMovementTest {
  private static final int KEYS = 300;

  /** A join waits a ring settle time (ten one-second rounds) before it streams; then one more. */
  private static final long MOVED_WITHIN_MILLIS = 90_000;

  /** Writes the load issues at most: it stops earlier, when the movements are done. */
  private static final int LOAD_WRITES_MAX = 200_000;

  @TempDir Path directory;
  private InProcessCluster cluster;
  private RingstoreClient client;
  private DirectCaller direct;
  private final Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
  private final Map<Integer, VersionContext> contexts = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    cluster = InProcessCluster.start(directory);
    client = RingstoreClient.builder().seeds(cluster.seeds()).build();
    direct = new DirectCaller();
  }

  @AfterEach
  void stop() {
    direct.close();
    client.close();
    cluster.close();
  }

  @Test
  void aNodeJoinsAndAnotherDecommissionsUnderLoadWithNoClientErrorAndNoLostWrite()
      throws Exception {
    for (int key = 0; key < KEYS; key++) {
      write(key, "loaded-" + key);
    }
    Load load = new Load();
    Thread loader = new Thread(load, "range-movement-load");
    loader.start();
    try {
      NodeAssembly joined = cluster.addNode(directory);
      awaitSettled("node-4 to join", 4);
      assertThat(joined.membership().status()).isEqualTo(MemberStatus.NORMAL);

      Response answer = direct.call(cluster.node(1).self(), new DecommissionRequest());
      assertThat(answer).isInstanceOf(RepairStatus.class);
      Await.until(
          "node-2 to leave",
          MOVED_WITHIN_MILLIS,
          () -> cluster.node(1).membership().status() == MemberStatus.LEFT);
      awaitSettled("the ring without node-2 to settle", 3);
    } finally {
      load.stop.set(true);
      loader.join();
    }
    assertThat(load.failure.get()).as("the load's first error").isNull();
    assertThat(load.writes.get()).as("writes during the movements").isPositive();
    cluster.stop(1);

    for (int key = 0; key < KEYS; key++) {
      GetResult read = client.get(key(key));
      assertThat(read.values().stream().map(RangeMovementTest::text))
          .as("key %d after the join and the decommission", key)
          .contains(acknowledged.get(key));
    }
    NodeId joinedId = cluster.node(3).id();
    int streamed = 0;
    for (int key = KEYS / 2; key < KEYS; key++) {
      if (cluster.node(0).ring().preferenceList(key(key)).isReplica(joinedId)) {
        Versioned[] versions = heldBy(3, key(key));
        assertThat(versions).as("node-4's own replica of key %d", key).hasSize(1);
        assertThat(text(versions[0].value())).isEqualTo("loaded-" + key);
        streamed++;
      }
    }
    assertThat(streamed).as("keys node-4 could only have received by streaming").isPositive();
  }

  /**
   * A dead node is removed on an operator's word: the nodes that gain its ranges sync them from the
   * other replicas, so that every key again has N replicas holding it, each in its own storage.
   * Nothing is written after the node stopped: only that sync can give the gainers the keys.
   */
  @Test
  void aRemovedNodesRangesAreReplicatedAgainFromTheSurvivors() throws Exception {
    cluster.addNode(directory);
    awaitSettled("node-4 to join", 4);
    for (int key = 0; key < KEYS; key++) {
      write(key, "before-removal-" + key);
    }
    NodeId dead = cluster.node(2).id();
    cluster.stop(2);
    Await.until(
        "the others to believe " + dead + " DOWN",
        MOVED_WITHIN_MILLIS,
        () ->
            cluster.node(0).membership().states().stateOf(dead) == NodeState.DOWN
                && cluster.node(1).membership().states().stateOf(dead) == NodeState.DOWN
                && cluster.node(3).membership().states().stateOf(dead) == NodeState.DOWN);

    Response answer = direct.call(cluster.node(0).self(), new RemoveNodeRequest(dead));

    assertThat(answer).isInstanceOf(ClusterStateResponse.class);
    awaitEveryKeyOnItsReplicas();
    assertThat(cluster.node(0).ring().member(dead)).isEmpty();
    for (int key = 0; key < KEYS; key++) {
      assertThat(client.get(key(key)).values().stream().map(RangeMovementTest::text))
          .contains("before-removal-" + key);
    }
  }

  /**
   * A fence survives its key moving to a new replica. With node-3 silent, keys are written fenced
   * by token 2, so only node-1 and node-2 keep the fence in their Paxos state. node-4 joins and
   * takes node-1's or node-2's place among some keys' replicas, with no write to those keys during
   * the move. Then, with node-1 and node-2 silent, a stale write fenced by token 1 reaches the new
   * majority, node-3 and node-4: node-3 never saw the fence, and node-4 knows it only because the
   * join handed the range's Paxos state over (before its data). The write must be refused.
   */
  @Test
  void aFenceSurvivesItsKeyMovingToANewReplica() throws Exception {
    int keys = 40;
    Fence newer = new Fence("compactor", 2);
    cluster.silence(2);
    for (int key = 0; key < keys; key++) {
      Response answer =
          direct.call(cluster.node(0).self(), fenced(key, "by 2", newer, 1_000 + key));
      assertThat(answer)
          .as("the write of key %d fenced by 2", key)
          .isInstanceOf(ConditionalResponse.class);
      assertThat(((ConditionalResponse) answer).applied()).isTrue();
    }
    cluster.unsilence(2);

    cluster.addNode(directory);
    awaitSettled("node-4 to join", 4);
    NodeId third = cluster.node(2).id();
    NodeId joined = cluster.node(3).id();
    List<Integer> moved = new ArrayList<>();
    for (int key = 0; key < keys; key++) {
      PreferenceList replicas = cluster.node(0).ring().preferenceList(fencedKey(key));
      if (replicas.isReplica(third) && replicas.isReplica(joined)) {
        moved.add(key);
      }
    }
    assertThat(moved).as("keys whose replicas are now node-3, node-4 and one other").isNotEmpty();
    cluster.silence(0);
    cluster.silence(1);

    for (int key : moved) {
      Response answer =
          direct.call(
              cluster.node(3).self(), fenced(key, "by 1", new Fence("compactor", 1), 2_000 + key));
      assertThat(answer)
          .as("the stale write of key %d", key)
          .isInstanceOf(ConditionalResponse.class);
      ConditionalResponse refused = (ConditionalResponse) answer;
      assertThat(refused.applied()).as("the stale write of key %d applied", key).isFalse();
      assertThat(text(refused.currentOrNull().value())).isEqualTo("by 2");
    }
  }

  private static ConditionalRequest fenced(int key, String value, Fence fence, long writeId) {
    return ConditionalRequest.fenced(
        fencedKey(key), value.getBytes(StandardCharsets.UTF_8), fence, writeId, 0);
  }

  private static byte[] fencedKey(int key) {
    return ("fenced-" + key).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Two dead nodes removed one right after the other: some keys had both among their replicas and
   * one survivor. Each gainer's first plan for the first removal still names the second dead node
   * as a source; it must drop it once that one is removed too, rather than fail for ever and hold
   * up the second removal's sync.
   */
  @Test
  void twoRemovalsInARowReplicateEveryKeyAgainFromItsSurvivor() throws Exception {
    cluster.addNode(directory);
    awaitSettled("node-4 to join", 4);
    cluster.addNode(directory);
    awaitSettled("node-5 to join", 5);
    for (int key = 0; key < KEYS; key++) {
      write(key, "before-removals-" + key);
    }
    NodeId first = cluster.node(3).id();
    NodeId second = cluster.node(4).id();
    cluster.stop(3);
    cluster.stop(4);
    Await.until(
        "the others to believe " + first + " and " + second + " DOWN",
        MOVED_WITHIN_MILLIS,
        () -> {
          for (int i = 0; i < 3; i++) {
            NodeAssembly node = cluster.node(i);
            if (node.membership().states().stateOf(first) != NodeState.DOWN
                || node.membership().states().stateOf(second) != NodeState.DOWN) {
              return false;
            }
          }
          return true;
        });

    assertThat(direct.call(cluster.node(0).self(), new RemoveNodeRequest(first)))
        .isInstanceOf(ClusterStateResponse.class);
    assertThat(direct.call(cluster.node(0).self(), new RemoveNodeRequest(second)))
        .isInstanceOf(ClusterStateResponse.class);

    awaitEveryKeyOnItsReplicas();
    for (int key = 0; key < KEYS; key++) {
      assertThat(client.get(key(key)).values().stream().map(RangeMovementTest::text))
          .contains("before-removals-" + key);
    }
  }

  /** Until each key's replicas on node-1's ring hold it, each in its own storage. */
  private void awaitEveryKeyOnItsReplicas() {
    Await.until(
        "every key's three replicas to hold it again",
        MOVED_WITHIN_MILLIS,
        () -> {
          for (int key = 0; key < KEYS; key++) {
            for (Member replica : cluster.node(0).ring().preferenceList(key(key)).replicas()) {
              if (heldBy(cluster.indexOf(replica.id()), key(key)).length == 0) {
                return false;
              }
            }
          }
          return true;
        });
  }

  /** Until every running node has {@code members} on its ring and nothing moves. */
  private void awaitSettled(String what, int members) {
    Await.until(
        what,
        MOVED_WITHIN_MILLIS,
        () -> {
          for (int i = 0; i < cluster.size(); i++) {
            NodeAssembly node = cluster.node(i);
            if (node.membership().status() == MemberStatus.LEFT) {
              continue;
            }
            if (node.ring().members().size() != members
                || !node.membership().pendingRings().isEmpty()) {
              return false;
            }
          }
          return true;
        });
  }

  /** Writes key {@code key} with the context of its last acknowledged write. */
  private void write(int key, String value) {
    PutResult result =
        client.put(
            key(key),
            value.getBytes(StandardCharsets.UTF_8),
            contexts.getOrDefault(key, VersionContext.empty()));
    contexts.put(key, result.context());
    acknowledged.put(key, value);
  }

  /** Overwrites the keys in turn, one write at a time, until stopped; keeps the first error. */
  private final class Load implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Override
    public void run() {
      for (int i = 0; i < LOAD_WRITES_MAX && !stop.get(); i++) {
        int key = i % (KEYS / 2);
        try {
          write(key, "load-" + i);
          writes.incrementAndGet();
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
          return;
        }
      }
    }
  }

  /** What node {@code node}'s own replica holds: a read at ONE through it asks itself first. */
  private Versioned[] heldBy(int node, byte[] key) {
    try {
      Response answer =
          direct.call(cluster.node(node).self(), new GetRequest(key, Consistency.one(), 0));
      return answer instanceof GetResponse read ? read.versions() : new Versioned[0];
    } catch (Exception e) {
      throw new IllegalStateException("node " + node + " did not answer a read of its own", e);
    }
  }

  private static byte[] key(int key) {
    return ("moving-" + key).getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
