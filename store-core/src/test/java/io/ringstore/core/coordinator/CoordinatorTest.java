package io.ringstore.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.RingConfig;
import io.ringstore.core.testing.InMemoryCluster;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ClientRequest;
import io.ringstore.core.wire.Consistency;
import io.ringstore.core.wire.DeleteRequest;
import io.ringstore.core.wire.DeleteResponse;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.PutRequest;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.QuorumFailedResponse;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.RingRequest;
import io.ringstore.core.wire.RingResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Quorum reads and writes on three nodes (N=3, R=2, W=2) connected by an in-memory network that
 * delivers in a seeded random order; deadlines run on a manual scheduler. Each test logs its seed.
 */
class CoordinatorTest {
  private static final int TIMEOUT_MILLIS = QuorumDefaults.TIMEOUT_MILLIS_DEFAULT;
  private static final byte[] KEY = bytes("user:42");

  private long seed;
  private InMemoryCluster cluster;
  private NodeId coordinator;
  private NodeId other;
  private NodeId third;

  @BeforeEach
  void startCluster(TestInfo test) {
    seed = Seeds.seed("CoordinatorTest." + test.getDisplayName());
    cluster = InMemoryCluster.threeNodes(seed);
    coordinator = cluster.node(0);
    other = cluster.node(1);
    third = cluster.node(2);
  }

  /**
   * The replica a read at R=2 from {@code coordinator} skips: its own replica and the first other
   * of the preference list are asked first (no node is suspected here).
   */
  private NodeId skippedByReadsFrom(NodeId from) {
    List<NodeId> others =
        cluster.ring().preferenceList(KEY).replicas().stream()
            .map(Member::id)
            .filter(id -> !id.equals(from))
            .toList();
    return others.get(others.size() - 1);
  }

  /** Writes v1 while {@code stale} is silent, so that it misses it, then lets it answer again. */
  private void writeMissedBy(NodeId stale, NodeId from) {
    cluster.network().silence(stale);
    assertThat(cluster.call(from, put(KEY, "v1", VectorClock.empty())))
        .isInstanceOf(PutResponse.class);
    cluster.network().heal(stale);
    cluster.advanceMillis(TIMEOUT_MILLIS);
  }

  @Test
  void aReadAtRLeavesTheReplicaItSkippedStale() {
    NodeId skipped = skippedByReadsFrom(coordinator);
    writeMissedBy(skipped, coordinator);

    assertThat(values((GetResponse) cluster.call(coordinator, get(KEY, Consistency.quorum()))))
        .containsExactly("v1");
    cluster.network().runUntilQuiescent();

    assertThat(stored(skipped)).as("never asked, never repaired").isEmpty();
  }

  @Test
  void aReadAskingEveryReplicaRepairsTheOneItWouldHaveSkipped() {
    cluster = InMemoryCluster.threeNodes(seed, ReadRepair.Chance.ALWAYS);
    NodeId skipped = skippedByReadsFrom(coordinator);
    writeMissedBy(skipped, coordinator);

    assertThat(values((GetResponse) cluster.call(coordinator, get(KEY, Consistency.quorum()))))
        .containsExactly("v1");
    cluster.network().runUntilQuiescent();

    assertThat(stored(skipped)).containsExactly("v1");
  }

  @Test
  void aWriteAtWTwoSucceedsWithOneReplicaSilent() {
    cluster.network().silence(third);

    Response response = cluster.call(coordinator, put(KEY, "v1", VectorClock.empty()));

    VectorClock written = ((PutResponse) response).version();
    assertThat(written.counterOf(coordinator)).isPositive();
    assertThat(written.size()).isEqualTo(1);
    assertThat(stored(coordinator)).containsExactly("v1");
    assertThat(stored(other)).containsExactly("v1");
    assertThat(stored(third)).isEmpty();
    assertThat(cluster.scheduler().pending()).as("the deadline is cancelled").isZero();
  }

  @Test
  void aWriteAtWThreeFailsAtTheDeadlineWithOneReplicaSilent() {
    cluster.network().silence(third);
    InMemoryCluster.Call call =
        cluster.send(coordinator, put(KEY, "v1", VectorClock.empty(), Consistency.all(), 0));
    cluster.network().runUntilQuiescent();
    assertThat(call.isDone()).isFalse();

    cluster.advanceMillis(TIMEOUT_MILLIS - 1);
    assertThat(call.isDone()).as("not before the deadline").isFalse();
    cluster.advanceMillis(1);

    QuorumFailedResponse failed = (QuorumFailedResponse) call.response();
    assertThat(failed).isEqualTo(new QuorumFailedResponse(2, 3, 3));
    assertThat(failed.describe()).contains("2 of 3");
  }

  @Test
  void aRequestTimeoutOverridesTheNodeDefault() {
    cluster.network().silence(third);
    InMemoryCluster.Call call =
        cluster.send(coordinator, new GetRequest(KEY, Consistency.all(), 300));
    cluster.network().runUntilQuiescent();

    cluster.advanceMillis(299);
    assertThat(call.isDone()).isFalse();
    cluster.advanceMillis(1);

    assertThat(call.response()).isEqualTo(new QuorumFailedResponse(2, 3, 3));
  }

  @Test
  void aReadAtRTwoSucceedsWithOneReplicaSilentOnceTheFallbackDelayPasses() {
    cluster.call(coordinator, put(KEY, "v1", VectorClock.empty()));
    cluster.network().silence(other);

    GetResponse read =
        (GetResponse) readAllowingFallback(third, get(KEY, Consistency.nodeDefault()));

    assertThat(values(read)).containsExactly("v1");
  }

  @Test
  void aReadAsksOnlyRReplicasTheCoordinatorItselfFirst() {
    cluster.call(coordinator, put(KEY, "v1", VectorClock.empty()));
    for (NodeId reader : List.of(coordinator, other, third)) {
      long deliveredBefore = cluster.network().deliveries();

      GetResponse read = (GetResponse) cluster.call(reader, get(KEY, Consistency.nodeDefault()));

      assertThat(values(read)).containsExactly("v1");
      assertThat(cluster.network().deliveries() - deliveredBefore)
          .as("the client's request, one replica request and its answer, the client's answer")
          .isEqualTo(4);
      assertThat(cluster.network().log())
          .as("the coordinator's own replica is called, not sent to")
          .noneMatch(line -> line.contains("send " + reader + " -> " + reader));
    }
    assertThat(cluster.scheduler().pending()).as("no fallback timer left").isZero();
  }

  @Test
  void aReadAsksTheThirdReplicaAtOnceWhenOneRefuses() {
    cluster.call(coordinator, put(KEY, "v1", VectorClock.empty()));
    cluster.network().refuse(other);

    GetResponse read = (GetResponse) cluster.call(third, get(KEY, Consistency.nodeDefault()));

    assertThat(values(read)).as("answered without any timer firing").containsExactly("v1");
  }

  @Test
  void aKeyNeverWrittenReadsAsNoVersions() {
    GetResponse read = (GetResponse) cluster.call(coordinator, get(KEY, Consistency.all()));

    assertThat(read.versions()).isEmpty();
  }

  /**
   * With R+W>N every read quorum meets every write quorum, so a read that starts once the write is
   * acknowledged sees it, even while the write's last copy is still in flight and one replica is
   * silent. Random keys, values, coordinators, silent replica and consistency pairs.
   */
  @Test
  void readsSeeTheLatestAcknowledgedWriteWhenRPlusWExceedsN() {
    Random random = new Random(seed);
    List<Consistency[]> pairs =
        List.of(
            new Consistency[] {Consistency.nodeDefault(), Consistency.nodeDefault()},
            new Consistency[] {Consistency.quorum(), Consistency.quorum()},
            new Consistency[] {Consistency.one(), Consistency.all()},
            new Consistency[] {Consistency.all(), Consistency.one()},
            new Consistency[] {Consistency.explicit(2), Consistency.explicit(2)});
    Map<String, VectorClock> latest = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      String key = "key-" + random.nextInt(40);
      String value = "value-" + random.nextInt();
      Consistency[] pair = pairs.get(random.nextInt(pairs.size()));
      int silent = silenceOneReplicaIfQuorumsAllow(random, pair);
      VectorClock context = latest.getOrDefault(key, VectorClock.empty());
      PutRequest write = put(bytes(key), value, context, pair[0], 0);
      InMemoryCluster.Call written = cluster.send(nodeOtherThan(silent, random), write);
      assertThat(cluster.network().runUntil(written::isDone)).as("seed %d", seed).isTrue();
      latest.put(key, ((PutResponse) written.response()).version());

      Response read = readAllowingFallback(nodeOtherThan(silent, random), get(bytes(key), pair[1]));

      assertThat(values((GetResponse) read)).as("seed %d, step %d", seed, i).containsExactly(value);
      healAll();
    }
  }

  @Test
  void concurrentWritesFromOneContextBecomeSiblingsAndAMergedWriteSupersedesThem() {
    VectorClock parent =
        ((PutResponse) cluster.call(coordinator, put(KEY, "v0", VectorClock.empty()))).version();
    InMemoryCluster.Call left = cluster.send(coordinator, put(KEY, "left", parent));
    InMemoryCluster.Call right = cluster.send(other, put(KEY, "right", parent));
    cluster.network().runUntilQuiescent();
    assertThat(left.response()).isInstanceOf(PutResponse.class);
    assertThat(right.response()).isInstanceOf(PutResponse.class);

    GetResponse siblings = (GetResponse) cluster.call(third, get(KEY, Consistency.all()));
    assertThat(values(siblings)).containsExactlyInAnyOrder("left", "right");

    VectorClock merged = Siblings.of(List.of(siblings.versions())).mergedClock();
    cluster.call(third, put(KEY, "resolved", merged));
    GetResponse resolved = (GetResponse) cluster.call(coordinator, get(KEY, Consistency.all()));
    assertThat(values(resolved)).containsExactly("resolved");
  }

  @Test
  void concurrentWritesFromOneContextThroughOneCoordinatorAreSiblingsOnEveryReplica() {
    VectorClock parent =
        ((PutResponse) cluster.call(coordinator, put(KEY, "v0", VectorClock.empty()))).version();
    InMemoryCluster.Call first = cluster.send(coordinator, put(KEY, "first", parent));
    InMemoryCluster.Call second = cluster.send(coordinator, put(KEY, "second", parent));
    cluster.network().runUntilQuiescent();

    VectorClock firstClock = ((PutResponse) first.response()).version();
    VectorClock secondClock = ((PutResponse) second.response()).version();
    assertThat(firstClock).isNotEqualTo(secondClock);
    List<List<Versioned>> replicas = new ArrayList<>();
    for (NodeId node : List.of(coordinator, other, third)) {
      replicas.add(cluster.storage(node).get(KEY));
    }
    assertThat(replicas)
        .as("every replica holds the same two versions")
        .allSatisfy(held -> assertThat(held).containsExactlyInAnyOrderElementsOf(replicas.get(0)));
    assertThat(replicas.get(0)).hasSize(2);
    assertThat(firstClock.compare(secondClock)).isEqualTo(Occurred.CONCURRENT);
    GetResponse read = (GetResponse) cluster.call(other, get(KEY, Consistency.all()));
    assertThat(values(read)).containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void aBlindWriteBeyondTheSiblingBoundIsRefusedWithWhatToDo() {
    for (int i = 0; i < CoordinatorContext.SIBLINGS_MAX_DEFAULT; i++) {
      assertThat(cluster.call(coordinator, put(KEY, "blind-" + i, VectorClock.empty())))
          .isInstanceOf(PutResponse.class);
    }

    Response refused = cluster.call(coordinator, put(KEY, "one too many", VectorClock.empty()));

    assertThat(refused).isInstanceOf(ErrorResponse.class);
    assertThat(((ErrorResponse) refused).message())
        .contains("siblings-max is " + CoordinatorContext.SIBLINGS_MAX_DEFAULT)
        .contains("write with the read's context");
    GetResponse read = (GetResponse) cluster.call(other, get(KEY, Consistency.all()));
    assertThat(read.versions()).hasSize(CoordinatorContext.SIBLINGS_MAX_DEFAULT);
    VectorClock context = Siblings.of(List.of(read.versions())).mergedClock();
    assertThat(cluster.call(coordinator, put(KEY, "reconciled", context)))
        .isInstanceOf(PutResponse.class);
  }

  @Test
  void aDeleteWritesATombstoneThatAGetReturnsWithItsClock() {
    VectorClock written =
        ((PutResponse) cluster.call(coordinator, put(KEY, "v1", VectorClock.empty()))).version();

    Response deleted =
        cluster.call(other, new DeleteRequest(KEY, written, Consistency.nodeDefault(), 0));
    GetResponse read = (GetResponse) cluster.call(third, get(KEY, Consistency.all()));

    VectorClock tombstoneClock = ((DeleteResponse) deleted).version();
    assertThat(read.versions()).hasSize(1);
    assertThat(read.versions()[0].isTombstone()).isTrue();
    assertThat(read.versions()[0].clock()).isEqualTo(tombstoneClock);
    assertThat(read.versions()[0].timestampMillis()).isEqualTo(cluster.clock().wallMillis());
    assertThat(written.compare(tombstoneClock)).hasToString("BEFORE");
  }

  @Test
  void consistencyLevelsResolveAgainstN() {
    int nodeDefault = 2;
    for (int n : new int[] {1, 3, 5}) {
      assertThat(required(Consistency.nodeDefault(), n)).isEqualTo(nodeDefault);
      assertThat(required(Consistency.one(), n)).isEqualTo(1);
      assertThat(required(Consistency.quorum(), n)).isEqualTo(n / 2 + 1);
      assertThat(required(Consistency.all(), n)).isEqualTo(n);
      assertThat(required(Consistency.explicit(4), n)).isEqualTo(4);
    }
    assertThat(required(Consistency.quorum(), 3)).isEqualTo(2);
    assertThat(required(Consistency.quorum(), 4)).isEqualTo(3);
  }

  @Test
  void eachLevelWaitsForItsCountOfReplicas() {
    cluster.network().refuse(other);
    cluster.network().refuse(third);

    assertThat(
            cluster.call(coordinator, put(KEY, "one", VectorClock.empty(), Consistency.one(), 0)))
        .isInstanceOf(PutResponse.class);
    assertFailedEarly(cluster.call(coordinator, get(KEY, Consistency.quorum())), 2);
    assertFailedEarly(cluster.call(coordinator, get(KEY, Consistency.explicit(2))), 2);
    assertFailedEarly(cluster.call(coordinator, get(KEY, Consistency.all())), 3);
    assertThat(cluster.scheduler().pending())
        .as("refused replicas fail the request at once, before any deadline")
        .isZero();
  }

  @Test
  void aQuorumAboveNIsRefusedAtOnceWithoutAskingAnyReplica() {
    long deliveredBefore = cluster.network().deliveries();

    Response response =
        cluster.call(coordinator, put(KEY, "v", VectorClock.empty(), Consistency.explicit(4), 0));

    assertThat(response).isInstanceOf(ErrorResponse.class);
    ErrorResponse error = (ErrorResponse) response;
    assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.message()).contains("W=4").contains("N=3");
    assertThat(cluster.network().deliveries() - deliveredBefore)
        .as("only the client's request and its answer")
        .isEqualTo(2);
  }

  @Test
  void aQuorumAboveTheReplicasOnASmallRingIsUnavailable() {
    InMemoryCluster small =
        InMemoryCluster.of(
            2, RingConfig.REPLICATION_FACTOR_DEFAULT, QuorumDefaults.defaults(), seed);

    ErrorResponse error = (ErrorResponse) small.call(small.node(0), get(KEY, Consistency.all()));

    assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(error.message()).contains("R=3").contains("only 2 of the N=3");
  }

  @Test
  void anEmptyKeyIsRefused() {
    ErrorResponse error =
        (ErrorResponse) cluster.call(coordinator, get(new byte[0], Consistency.one()));

    assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.message()).contains("key is empty");
  }

  @Test
  void aContextWhoseCounterForTheCoordinatorIsExhaustedIsRefused() {
    VectorClock exhausted =
        VectorClock.of(List.of(new VectorClock.Entry(coordinator, Long.MAX_VALUE, 0)));

    ErrorResponse error = (ErrorResponse) cluster.call(coordinator, put(KEY, "v", exhausted));

    assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.message()).contains("at its maximum");
  }

  @Test
  void replicaErrorsFailTheRequestAsSoonAsTheQuorumIsImpossible() {
    cluster.storage(other).close();
    cluster.storage(third).close();

    Response response = cluster.call(coordinator, put(KEY, "v", VectorClock.empty()));

    assertFailedEarly(response, 2);
    assertThat(cluster.scheduler().pending()).isZero();
  }

  @Test
  void answersArrivingAfterTheDeadlineAreIgnored() {
    cluster.network().holdResponsesFrom(third);
    InMemoryCluster.Call call =
        cluster.send(coordinator, put(KEY, "v", VectorClock.empty(), Consistency.all(), 0));
    cluster.network().runUntilQuiescent();
    cluster.advanceMillis(TIMEOUT_MILLIS);
    assertThat(call.response()).isEqualTo(new QuorumFailedResponse(2, 3, 3));

    cluster.network().releaseHeld();
    cluster.network().runUntilQuiescent();

    assertThat(call.responses()).hasSize(1);
    assertThat(stored(third)).as("the late replica did store the write").containsExactly("v");
  }

  @Test
  void answersArrivingAfterSuccessAreIgnored() {
    InMemoryCluster.Call call =
        cluster.send(coordinator, put(KEY, "v", VectorClock.empty(), Consistency.one(), 0));

    cluster.network().runUntil(call::isDone);
    cluster.network().runUntilQuiescent();
    cluster.advanceMillis(TIMEOUT_MILLIS);

    assertThat(call.responses()).hasSize(1).first().isInstanceOf(PutResponse.class);
    assertThat(stored(coordinator)).containsExactly("v");
    assertThat(stored(other)).containsExactly("v");
    assertThat(stored(third)).containsExactly("v");
  }

  @Test
  void aNodeAnswersARingRequestWithItsRing() {
    RingResponse response = (RingResponse) cluster.call(other, new RingRequest());

    assertThat(response.epoch()).isEqualTo(cluster.ring().epoch());
    assertThat(response.toRing(cluster.ring().config().partitioner()).members())
        .containsExactlyElementsOf(cluster.ring().members());
  }

  @Test
  void successesNameTheEpochOfTheRingTheyWerePlannedAgainst() {
    long epoch = cluster.ring().epoch();
    assertThat(epoch).as("a ring of three members is past epoch 0").isPositive();

    PutResponse put = (PutResponse) cluster.call(coordinator, put(KEY, "v1", VectorClock.empty()));
    GetResponse got = (GetResponse) cluster.call(other, get(KEY, Consistency.nodeDefault()));
    DeleteResponse deleted =
        (DeleteResponse)
            cluster.call(
                third, new DeleteRequest(KEY, got.versions()[0].clock(), Consistency.quorum(), 0));

    assertThat(put.ringEpoch()).isEqualTo(epoch);
    assertThat(got.ringEpoch()).isEqualTo(epoch);
    assertThat(deleted.ringEpoch()).isEqualTo(epoch);
  }

  @Test
  void aPeerRequestFromAClientIsRefused() {
    ErrorResponse error = (ErrorResponse) cluster.call(coordinator, new ReplicaGetRequest(KEY));

    assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(error.message()).contains("only from cluster nodes");
  }

  /**
   * Sends a read and runs the network; if a silent replica holds it up, lets the read fallback
   * delay pass (never the deadline) so that the read asks the others.
   */
  private Response readAllowingFallback(NodeId reader, ClientRequest read) {
    InMemoryCluster.Call call = cluster.send(reader, read);
    cluster.network().runUntilQuiescent();
    if (!call.isDone()) {
      cluster.advanceMillis(QuorumPlan.READ_FALLBACK_MILLIS_MAX);
    }
    assertThat(call.isDone()).as("seed %d: answered by the fallback", seed).isTrue();
    return call.response();
  }

  /** Silences a random node unless a quorum of the pair needs all three; returns it, or -1. */
  private int silenceOneReplicaIfQuorumsAllow(Random random, Consistency[] pair) {
    boolean allNeeded =
        pair[0].level() == Consistency.Level.ALL || pair[1].level() == Consistency.Level.ALL;
    if (allNeeded || random.nextBoolean()) {
      return -1;
    }
    int silent = random.nextInt(3);
    cluster.network().silence(cluster.node(silent));
    return silent;
  }

  private void healAll() {
    for (int i = 0; i < 3; i++) {
      cluster.network().heal(cluster.node(i));
    }
  }

  /** A random node to coordinate, never the silent one (a client could not reach it). */
  private NodeId nodeOtherThan(int silent, Random random) {
    int node = random.nextInt(3);
    return cluster.node(node == silent ? (node + 1) % 3 : node);
  }

  /** A quorum failure decided by errors: how many answered first depends on delivery order. */
  private static void assertFailedEarly(Response response, int required) {
    assertThat(response).isInstanceOf(QuorumFailedResponse.class);
    QuorumFailedResponse failed = (QuorumFailedResponse) response;
    assertThat(failed.replicasRequired()).isEqualTo(required);
    assertThat(failed.replicasAsked()).isEqualTo(3);
    assertThat(failed.replicasAnswered()).isBetween(0, 1);
  }

  private static int required(Consistency consistency, int n) {
    return QuorumPlan.required(consistency, QuorumDefaults.READ_REPLICAS_DEFAULT, n);
  }

  private List<String> stored(NodeId node) {
    return cluster.storage(node).get(KEY).stream().map(CoordinatorTest::text).toList();
  }

  private static List<String> values(GetResponse response) {
    return List.of(response.versions()).stream().map(CoordinatorTest::text).toList();
  }

  private static String text(Versioned version) {
    return version.isTombstone()
        ? "<tombstone>"
        : new String(version.value(), StandardCharsets.UTF_8);
  }

  private static ClientRequest get(byte[] key, Consistency consistency) {
    return new GetRequest(key, consistency, 0);
  }

  private static PutRequest put(byte[] key, String value, VectorClock context) {
    return put(key, value, context, Consistency.nodeDefault(), 0);
  }

  private static PutRequest put(
      byte[] key, String value, VectorClock context, Consistency consistency, int timeoutMillis) {
    return new PutRequest(key, bytes(value), context, consistency, timeoutMillis);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
