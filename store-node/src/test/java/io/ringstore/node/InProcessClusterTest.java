package io.ringstore.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.client.GetResult;
import io.ringstore.client.PutResult;
import io.ringstore.client.QuorumFailedException;
import io.ringstore.client.RequestTimeoutException;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.WriteOptions;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quorum semantics on three real nodes in one JVM (Netty on loopback, log storage, membership by
 * exchange), through the Java client. "Silent" is a fault-injecting decorator that drops every
 * request the node receives.
 */
class InProcessClusterTest {
  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(500);

  @TempDir Path directory;

  private InProcessCluster cluster;
  private RingstoreClient client;

  @BeforeEach
  void start() {
    cluster = InProcessCluster.start(directory);
    client = RingstoreClient.builder().seeds(cluster.seeds()).build();
    client.get(bytes("learn-the-ring-before-any-node-falls-silent"));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    cluster.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The key's replicas in preference order, as every node's ring says. */
  private List<Member> replicasOf(byte[] key) {
    return cluster.node(0).ring().preferenceList(key).replicas();
  }

  @Test
  void everyNodeComputesTheSameRingOfAllThree() {
    for (int i = 1; i < InProcessCluster.NODES; i++) {
      for (Member member : cluster.node(0).ring().members()) {
        assertThat(cluster.node(i).ring().tokensOf(member.id()))
            .isEqualTo(cluster.node(0).ring().tokensOf(member.id()));
      }
    }
  }

  @Test
  void aWriteAtWTwoSucceedsWithOneReplicaSilent() {
    byte[] key = bytes("w2-key");
    cluster.silence(cluster.indexOf(replicasOf(key).get(2).id()));

    client.put(key, bytes("v1"));

    assertThat(client.get(key).value())
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v1")));
  }

  /**
   * A write at W=3 cannot succeed with one replica silent. Its coordinators get all the time the
   * write has left (a write's missed quorum is final), while the client moves on from each after a
   * short attempt: the write ends in a missed quorum when the last coordinator asked is a live one,
   * and in the client's timeout when it is the silent node itself (asked last once suspected).
   * Either way it fails, and a missed quorum reports exactly 2 of 3.
   */
  @Test
  void aWriteAtWThreeFailsWithOneReplicaSilent() {
    byte[] key = bytes("w3-key");
    cluster.silence(cluster.indexOf(replicasOf(key).get(2).id()));
    WriteOptions all =
        WriteOptions.defaults().withConsistency(Consistency.all()).withTimeout(SHORT_TIMEOUT);

    assertThatThrownBy(() -> client.put(key, bytes("v1"), client.get(key).context(), all))
        .isInstanceOfAny(QuorumFailedException.class, RequestTimeoutException.class)
        .satisfies(
            e -> {
              if (e instanceof QuorumFailedException quorum) {
                assertThat(quorum.replicasAnswered()).isEqualTo(2);
                assertThat(quorum.replicasRequired()).isEqualTo(3);
              }
            });
  }

  @Test
  void readsSeeTheLatestWriteWhenRPlusWExceedsN() {
    for (int i = 0; i < 20; i++) {
      byte[] key = bytes("ryw-" + i);
      PutResult first = client.put(key, bytes("a" + i));
      client.put(key, bytes("b" + i), first.context());

      GetResult read = client.get(key);

      byte[] expected = bytes("b" + i);
      assertThat(read.hasSiblings()).isFalse();
      assertThat(read.value()).hasValueSatisfying(v -> assertThat(v).isEqualTo(expected));
    }
  }

  @Test
  void twoConcurrentWritesWithTheSameParentBecomeSiblings() throws Exception {
    byte[] key = bytes("sibling-key");
    client.put(key, bytes("parent"));
    VectorClock parent;
    List<Member> replicas = replicasOf(key);
    try (DirectCaller direct = new DirectCaller()) {
      GetResponse read =
          (GetResponse) direct.call(replicas.get(0), new GetRequest(key, Consistency.all(), 0));
      parent = read.versions()[0].clock();
      CompletableFuture<Response> left =
          direct.send(
              replicas.get(0), new PutRequest(key, bytes("left"), parent, Consistency.quorum(), 0));
      CompletableFuture<Response> right =
          direct.send(
              replicas.get(1),
              new PutRequest(key, bytes("right"), parent, Consistency.quorum(), 0));
      assertThat(left.get(DirectCaller.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
          .isInstanceOf(PutResponse.class);
      assertThat(right.get(DirectCaller.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
          .isInstanceOf(PutResponse.class);
    }

    GetResult siblings = client.get(key);

    assertThat(siblings.values())
        .extracting(v -> new String(v, StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("left", "right");
    client.put(key, bytes("merged"), siblings.context());
    assertThat(client.get(key).values())
        .extracting(v -> new String(v, StandardCharsets.UTF_8))
        .containsExactly("merged");
  }
}
