package io.ringstore.core.coordinator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.time.Scheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.Pong;
import io.ringstore.core.wire.PutResponse;
import io.ringstore.core.wire.QuorumFailedResponse;
import io.ringstore.core.wire.ReplicaGetRequest;
import io.ringstore.core.wire.ReplicaGetResponse;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import io.ringstore.core.wire.WireLimits;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The per-request state machines on their own: a transport that only records what was sent, so each
 * test plays the replicas' answers, duplicates, failures and the deadline in the order it chooses.
 */
class QuorumCoordinationTest {
  private static final ReplicaLatency LATENCY = new ReplicaLatency(new ManualClock(0));

  private static final long TIMEOUT_MILLIS = 500;
  private static final long FALLBACK_MILLIS = 40;
  private static final List<NodeId> REPLICAS =
      List.of(NodeId.of("r0"), NodeId.of("r1"), NodeId.of("r2"));
  private static final byte[] KEY = {1, 2, 3};
  private static final PutResponse WRITTEN = new PutResponse(clock("c", 1));
  private static final ReplicaPutResponse APPLIED = new ReplicaPutResponse(true);

  private final ManualClock clock = new ManualClock(0);
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final RecordingTransport transport = new RecordingTransport();
  private final List<Response> delivered = new ArrayList<>();
  private final CoordinatorStats stats = new CoordinatorStats();

  @Test
  void aWriteSucceedsOnceWhenWReplicasAcknowledgeAndIgnoresEverythingAfter() {
    WriteCoordination write = startWrite(2);

    transport.handler(0).onResponse(APPLIED);
    transport.handler(0).onResponse(APPLIED);
    assertThat(write.state()).as("a duplicate answer counts once").isEqualTo(state("WAITING"));
    transport.handler(1).onResponse(APPLIED);

    assertThat(write.state()).isEqualTo(state("SUCCEEDED"));
    assertThat(delivered).containsExactly(WRITTEN);
    assertThat(scheduler.pending()).as("the deadline is cancelled").isZero();

    transport.handler(2).onResponse(APPLIED);
    write.handle(new CoordinationEvent.DeadlinePassed());
    transport.handler(2).onFailure(new ConnectException("late"));
    assertThat(delivered).containsExactly(WRITTEN);
  }

  @Test
  void anObsoleteWriteStillCountsAsAnAcknowledgement() {
    startWrite(2);

    transport.handler(0).onResponse(new ReplicaPutResponse(false));
    transport.handler(2).onResponse(APPLIED);

    assertThat(delivered).containsExactly(WRITTEN);
  }

  @Test
  void aWriteFailsAsSoonAsTooManyReplicasFailed() {
    WriteCoordination write = startWrite(2);

    transport.handler(0).onResponse(ErrorResponse.of(ErrorCode.UNAVAILABLE, "disk full"));
    assertThat(write.state()).isEqualTo(state("WAITING"));
    transport.handler(2).onFailure(new ConnectException("refused"));

    assertThat(delivered).containsExactly(new QuorumFailedResponse(0, 2, 3));
    assertThat(scheduler.pending()).isZero();
    transport.handler(1).onResponse(APPLIED);
    assertThat(delivered).hasSize(1);
  }

  @Test
  void aWriteTheReplicasRefuseFailsWithTheirReasonNotAMissedQuorum() {
    startWrite(2);

    transport
        .handler(0)
        .onResponse(
            ErrorResponse.of(ErrorCode.BAD_REQUEST, "value of 17 MiB over the 16 MiB limit"));
    transport.handler(1).onResponse(ErrorResponse.of(ErrorCode.UNAVAILABLE, "disk full"));

    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0)).isInstanceOf(ErrorResponse.class);
    ErrorResponse refusal = (ErrorResponse) delivered.get(0);
    assertThat(refusal.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refusal.message())
        .contains("replica r0 refused the request")
        .contains("value of 17 MiB over the 16 MiB limit");
  }

  @Test
  void anAnswerOfTheWrongTypeIsAFailure() {
    startWrite(3);

    transport.handler(1).onResponse(new Pong(1));

    assertThat(delivered).containsExactly(new QuorumFailedResponse(0, 3, 3));
  }

  @Test
  void theDeadlineFailsTheRequestWithTheCountsSoFar() {
    WriteCoordination write = startWrite(2);
    transport.handler(2).onResponse(APPLIED);

    scheduler.advance(TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
    assertThat(delivered).isEmpty();
    scheduler.advance(1, TimeUnit.MILLISECONDS);

    assertThat(write.state()).isEqualTo(state("FAILED"));
    assertThat(delivered).containsExactly(new QuorumFailedResponse(1, 2, 3));
    transport.handler(0).onResponse(APPLIED);
    transport.handler(1).onResponse(APPLIED);
    assertThat(delivered).hasSize(1);
  }

  @Test
  void aTransportThatThrowsOnSendCountsAsAFailedReplica() {
    Transport throwing =
        (destination, request, handler) -> {
          throw new IllegalStateException("encoder bug");
        };
    QuorumPlan.Ask plan = plan(1);
    new WriteCoordination(plan, putRequest(), WRITTEN, delivered::add)
        .start(throwing, scheduler, LATENCY);

    assertThat(delivered).containsExactly(new QuorumFailedResponse(0, 1, 3));
  }

  @Test
  void aReadAnswersWithTheSiblingsOfAllAnswersSoFarAndKeepsLateAnswers() {
    ReadCoordination read = startRead(2);
    Versioned left = value(clock("a", 1), "left");
    Versioned right = value(clock("b", 1), "right");
    Versioned old = value(VectorClock.empty(), "old");

    transport.handler(0).onResponse(new ReplicaGetResponse(new Versioned[] {left, old}));
    transport.handler(2).onResponse(new ReplicaGetResponse(new Versioned[] {right}));
    transport.acknowledgeRepairs();

    assertThat(delivered).hasSize(1);
    assertThat(((GetResponse) delivered.get(0)).versions()).containsExactlyInAnyOrder(left, right);
    transport.handler(1).onResponse(new ReplicaGetResponse(new Versioned[] {old}));
    assertThat(read.answerOf(1)).as("kept for read repair").containsExactly(old);
    assertThat(delivered).hasSize(1);
  }

  @Test
  void aReadRepairsEachReplicaThatAnsweredWithTheVersionsItLacksOnce() {
    startRead(2);
    Versioned left = value(clock("a", 1), "left");
    Versioned right = value(clock("b", 1), "right");
    Versioned old = value(VectorClock.empty(), "old");

    transport.handler(0).onResponse(new ReplicaGetResponse(new Versioned[] {left, old}));
    transport.handler(2).onResponse(new ReplicaGetResponse(new Versioned[] {right}));

    assertThat(transport.repairs).containsExactlyInAnyOrder("r0 <- right", "r2 <- left");
    assertThat(delivered).as("the answer waits for the quorum's repair").isEmpty();
    transport.acknowledgeRepairs();
    assertThat(delivered).hasSize(1);
    transport.handler(1).onResponse(new ReplicaGetResponse(new Versioned[] {old}));
    assertThat(transport.repairs)
        .as("the late replica gets both; nobody gets a version twice")
        .containsExactlyInAnyOrder("r0 <- right", "r2 <- left", "r1 <- left", "r1 <- right");
    assertThat(stats.reads()).isEqualTo(1);
    assertThat(stats.readsWithSiblings()).isEqualTo(1);
    assertThat(stats.readsRepairing()).isEqualTo(1);
    assertThat(stats.repairWrites()).isEqualTo(4);
  }

  @Test
  void aRepairThatIsNeverAcknowledgedDelaysTheAnswerByHalfTheRemainingTimeAtMost() {
    startRead(2);
    Versioned written = value(clock("a", 1), "written");

    transport.handler(0).onResponse(new ReplicaGetResponse(new Versioned[] {written}));
    transport.handler(1).onResponse(new ReplicaGetResponse(new Versioned[0]));
    scheduler.advance(TIMEOUT_MILLIS / 2 - 1, TimeUnit.MILLISECONDS);
    assertThat(delivered).isEmpty();
    scheduler.advance(1, TimeUnit.MILLISECONDS);

    assertThat(delivered).hasSize(1);
    assertThat(((GetResponse) delivered.get(0)).versions()).containsExactly(written);
    transport.acknowledgeRepairs();
    assertThat(delivered).as("answered once").hasSize(1);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aLateAnswerNewerThanTheRestMakesTheOthersStaleInTurn() {
    startRead(2);
    Versioned older = value(clock("a", 1), "older");
    Versioned newer = value(clock("a", 2), "newer");

    transport.handler(0).onResponse(new ReplicaGetResponse(new Versioned[] {older}));
    transport.handler(1).onResponse(new ReplicaGetResponse(new Versioned[] {older}));
    assertThat(transport.repairs).as("the replicas agree: nothing to repair").isEmpty();
    transport.handler(2).onResponse(new ReplicaGetResponse(new Versioned[] {newer}));

    assertThat(transport.repairs).containsExactlyInAnyOrder("r0 <- newer", "r1 <- newer");
  }

  @Test
  void aReadSeeingMoreSiblingsThanTheWireCarriesAnswersWithTheLatest() {
    startRead(2);
    int perReplica = WireLimits.SIBLINGS_MAX;

    transport.handler(0).onResponse(new ReplicaGetResponse(concurrentVersions("a", perReplica)));
    transport.handler(1).onResponse(new ReplicaGetResponse(concurrentVersions("b", perReplica)));
    transport.acknowledgeRepairs();

    Versioned[] answered = ((GetResponse) delivered.get(0)).versions();
    assertThat(answered).hasSize(WireLimits.SIBLINGS_MAX);
    assertThat(answered)
        .allSatisfy(v -> assertThat(v.timestampMillis()).isGreaterThanOrEqualTo(perReplica));
  }

  @Test
  void aReadAsksOnlyRReplicasAndSucceedsOnTheirAnswers() {
    ReadCoordination read = startReadAskingR(2);
    assertThat(transport.sent).as("R of the N replicas asked").hasSize(2);

    transport.handler(1).onResponse(new ReplicaGetResponse(new Versioned[0]));
    transport.handler(0).onResponse(new ReplicaGetResponse(new Versioned[0]));

    assertThat(read.state()).isEqualTo(state("SUCCEEDED"));
    assertThat(delivered).hasSize(1).first().isInstanceOf(GetResponse.class);
    assertThat(transport.sent).as("the third replica never asked").hasSize(2);
    assertThat(scheduler.pending()).as("the fallback timer is cancelled").isZero();
    scheduler.advance(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(transport.sent).hasSize(2);
  }

  @Test
  void aReadAsksTheNextReplicaAtOnceWhenOneFailsOrAnswersAnError() {
    startReadAskingR(2);

    transport.handler(0).onFailure(new ConnectException("refused"));
    assertThat(transport.sent).as("the third asked in the failed one's place").hasSize(3);
    transport.handler(1).onResponse(ErrorResponse.of(ErrorCode.UNAVAILABLE, "closed"));
    assertThat(delivered).containsExactly(new QuorumFailedResponse(0, 2, 3));
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aReadSucceedsThroughTheReplicaAskedAfterAFailure() {
    Versioned stored = value(clock("a", 1), "v");
    startReadAskingR(2);

    transport.handler(1).onResponse(ErrorResponse.of(ErrorCode.UNAVAILABLE, "closed"));
    transport.handler(2).onResponse(new ReplicaGetResponse(new Versioned[] {stored}));
    assertThat(delivered).isEmpty();
    transport.handler(0).onResponse(new ReplicaGetResponse(new Versioned[] {stored}));

    assertThat(((GetResponse) delivered.get(0)).versions()).containsExactly(stored);
  }

  @Test
  void aReadAsksTheOtherReplicasOnceTheFallbackDelayPasses() {
    ReadCoordination read = startReadAskingR(2);
    transport.handler(0).onResponse(new ReplicaGetResponse(new Versioned[0]));

    scheduler.advance(FALLBACK_MILLIS - 1, TimeUnit.MILLISECONDS);
    assertThat(transport.sent).as("not before the fallback delay").hasSize(2);
    scheduler.advance(1, TimeUnit.MILLISECONDS);
    assertThat(transport.sent).hasSize(3);
    assertThat(read.asked()).isEqualTo(3);

    transport.handler(2).onResponse(new ReplicaGetResponse(new Versioned[0]));
    assertThat(delivered).hasSize(1).first().isInstanceOf(GetResponse.class);
    assertThat(scheduler.pending()).as("the deadline is cancelled").isZero();
  }

  @Test
  void aReadWhoseReplicasStaySilentFailsAtTheOriginalDeadline() {
    startReadAskingR(2);
    transport.handler(1).onResponse(new ReplicaGetResponse(new Versioned[0]));

    scheduler.advance(TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
    assertThat(transport.sent).hasSize(3);
    assertThat(delivered).isEmpty();
    scheduler.advance(1, TimeUnit.MILLISECONDS);

    assertThat(delivered).containsExactly(new QuorumFailedResponse(1, 2, 3));
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aReadFallbackAfterCompletionAsksNobody() {
    ReadCoordination read = startReadAskingR(1);
    transport.handler(0).onResponse(new ReplicaGetResponse(new Versioned[0]));

    read.handle(new CoordinationEvent.FallbackDue());

    assertThat(transport.sent).hasSize(1);
    assertThat(delivered).hasSize(1);
  }

  /**
   * In production the fallback can fire on the scheduler's thread before {@code start} has stored
   * its handle; the deadline it arms must still be the timer that completion cancels.
   */
  @Test
  void aFallbackFiringBeforeStartStoresItsTimerLeavesNoDeadlineBehind() {
    long fallbackNanos = TimeUnit.MILLISECONDS.toNanos(FALLBACK_MILLIS);
    Scheduler firesFallbackAtOnce =
        (delayNanos, task) -> {
          if (delayNanos == fallbackNanos) {
            task.run();
            return () -> {};
          }
          return scheduler.schedule(delayNanos, task);
        };
    QuorumPlan.Ask plan =
        new QuorumPlan.Ask(
            REPLICAS, 2, 2, fallbackNanos, TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));
    List<ResponseHandler> asked = new ArrayList<>();
    Transport inAnyOrder = (destination, request, handler) -> asked.add(handler);
    ReadCoordination read =
        new ReadCoordination(
            plan,
            new ReplicaGetRequest(KEY),
            0,
            ReadRepair.MISSING_VERSIONS,
            stats,
            delivered::add);
    read.start(inAnyOrder, firesFallbackAtOnce, LATENCY);
    assertThat(asked).as("every replica asked").hasSize(REPLICAS.size());
    assertThat(scheduler.pending()).as("the deadline the fallback armed").isEqualTo(1);

    asked.get(0).onResponse(new ReplicaGetResponse(new Versioned[0]));
    asked.get(1).onResponse(new ReplicaGetResponse(new Versioned[0]));

    assertThat(read.state()).isEqualTo(state("SUCCEEDED"));
    assertThat(scheduler.pending()).as("the deadline is cancelled with the request").isZero();
  }

  private WriteCoordination startWrite(int required) {
    WriteCoordination write =
        new WriteCoordination(plan(required), putRequest(), WRITTEN, delivered::add);
    write.start(transport, scheduler, LATENCY);
    assertThat(transport.sent).hasSize(REPLICAS.size());
    return write;
  }

  private ReadCoordination startRead(int required) {
    ReadCoordination read =
        new ReadCoordination(
            plan(required),
            new ReplicaGetRequest(KEY),
            0,
            ReadRepair.MISSING_VERSIONS,
            stats,
            delivered::add);
    read.start(transport, scheduler, LATENCY);
    return read;
  }

  private ReadCoordination startReadAskingR(int required) {
    QuorumPlan.Ask plan =
        new QuorumPlan.Ask(
            REPLICAS,
            required,
            required,
            TimeUnit.MILLISECONDS.toNanos(FALLBACK_MILLIS),
            TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));
    ReadCoordination read =
        new ReadCoordination(
            plan,
            new ReplicaGetRequest(KEY),
            0,
            ReadRepair.MISSING_VERSIONS,
            stats,
            delivered::add);
    read.start(transport, scheduler, LATENCY);
    return read;
  }

  private static QuorumPlan.Ask plan(int required) {
    return new QuorumPlan.Ask(REPLICAS, required, TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));
  }

  private static ReplicaPutRequest putRequest() {
    return new ReplicaPutRequest(KEY, value(clock("c", 1), "v"));
  }

  private static QuorumCoordination.State state(String name) {
    return QuorumCoordination.State.valueOf(name);
  }

  private static VectorClock clock(String node, long counter) {
    return VectorClock.of(List.of(new VectorClock.Entry(NodeId.of(node), counter, 0)));
  }

  private static Versioned value(VectorClock clock, String text) {
    return Versioned.of(clock, 0, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code count} pairwise concurrent versions, one per node {@code prefix-i}; replica "b"'s
   * timestamps follow replica "a"'s, so the latest are all of b's.
   */
  private static Versioned[] concurrentVersions(String prefix, int count) {
    long firstMillis = prefix.equals("a") ? 0 : count;
    Versioned[] versions = new Versioned[count];
    for (int i = 0; i < count; i++) {
      VectorClock clock = clock(prefix + "-" + i, 1);
      versions[i] = Versioned.of(clock, firstMillis + i, new byte[] {(byte) i});
    }
    return versions;
  }

  /** Records every send; the test answers through the recorded handlers. */
  private static final class RecordingTransport implements Transport {
    private final List<ResponseHandler> sent = new ArrayList<>();
    private final List<String> repairs = new ArrayList<>();
    private final List<ResponseHandler> repairHandlers = new ArrayList<>();

    @Override
    public void send(NodeId destination, Request request, ResponseHandler handler) {
      if (request instanceof ReplicaPutRequest repair && sent.size() == REPLICAS.size()) {
        repairs.add(destination + " <- " + new String(repair.version().value(), UTF_8));
        repairHandlers.add(handler);
        return;
      }
      assertThat(destination).isEqualTo(REPLICAS.get(sent.size()));
      sent.add(handler);
    }

    ResponseHandler handler(int replica) {
      return sent.get(replica);
    }

    /** Every replica acknowledges the repair writes sent so far. */
    void acknowledgeRepairs() {
      repairHandlers.forEach(handler -> handler.onResponse(APPLIED));
      repairHandlers.clear();
    }
  }
}
