package io.ringstore.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.cluster.NodeState;
import io.ringstore.core.cluster.NodeStates;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.time.ManualScheduler;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.ErrorCode;
import io.ringstore.core.wire.ErrorResponse;
import io.ringstore.core.wire.HintedPutRequest;
import io.ringstore.core.wire.ReplicaPutRequest;
import io.ringstore.core.wire.ReplicaPutResponse;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Where a write for one replica ends up, over a transport the test scripts per node. */
class HandoffTransportTest {
  private static final NodeId REPLICA = NodeId.of("r");
  private static final List<Member> STAND_INS =
      List.of(Member.of("s1", "127.0.0.1", 1), Member.of("s2", "127.0.0.1", 2));
  private static final ReplicaPutRequest PUT =
      new ReplicaPutRequest(
          new byte[] {1},
          Versioned.of(VectorClock.empty().increment(REPLICA, 1, 8), 0, new byte[0]));
  private static final Response ACK = ReplicaPutResponse.of(true);

  /** A script's answer that is no answer: the request's handler is held for the test to use. */
  private static final Response SILENT = ErrorResponse.of(ErrorCode.TIMEOUT, "never sent");

  private static final long HAND_OFF_AFTER_MILLIS = 500;

  /**
   * Answers each node's requests by a script; a null answer fails the send, {@link #SILENT} holds
   * the handler in {@link #held}.
   */
  private static final class ScriptedTransport implements Transport {
    final Map<NodeId, Function<Request, Response>> scripts = new HashMap<>();
    final List<String> sent = new ArrayList<>();
    final Map<NodeId, ResponseHandler> held = new HashMap<>();

    @Override
    public void send(NodeId destination, Request request, ResponseHandler handler) {
      sent.add(
          destination
              + (request instanceof HintedPutRequest hint ? " hint for " + hint.owner() : " put"));
      Response answer = scripts.getOrDefault(destination, r -> null).apply(request);
      if (answer == SILENT) {
        held.put(destination, handler);
      } else if (answer == null) {
        handler.onFailure(new IllegalStateException(destination + " unreachable"));
      } else {
        handler.onResponse(answer);
      }
    }
  }

  /** What the coordination above hears: a response, or a failure's message. */
  private static final class Heard implements ResponseHandler {
    Object outcome;

    @Override
    public void onResponse(Response response) {
      outcome = response;
    }

    @Override
    public void onFailure(Throwable cause) {
      outcome = cause.getMessage();
    }
  }

  private final ScriptedTransport network = new ScriptedTransport();
  private final ManualClock clock = new ManualClock(0);
  private final ManualScheduler scheduler = new ManualScheduler(clock);

  private Heard send(NodeStates states, Handoff handoff) {
    Heard heard = new Heard();
    new HandoffTransport(
            network,
            STAND_INS,
            states,
            handoff,
            scheduler,
            TimeUnit.MILLISECONDS.toNanos(HAND_OFF_AFTER_MILLIS))
        .send(REPLICA, PUT, heard);
    return heard;
  }

  @Test
  void aSilentReplicasStandInTakesTheHintOnceTheReplicaWasSilentTooLong() {
    network.scripts.put(REPLICA, r -> SILENT);
    network.scripts.put(NodeId.of("s1"), r -> ACK);

    Heard heard = send(NodeStates.ALL_UP, Handoff.SLOPPY);
    scheduler.advance(HAND_OFF_AFTER_MILLIS - 1, TimeUnit.MILLISECONDS);
    assertThat(heard.outcome).isNull();
    scheduler.advance(1, TimeUnit.MILLISECONDS);

    assertThat(heard.outcome).isEqualTo(ACK);
    assertThat(network.sent).containsExactly("r put", "s1 hint for r");
    network.held.get(REPLICA).onFailure(new IllegalStateException("late failure"));
    assertThat(heard.outcome).as("the replica's late failure changes nothing").isEqualTo(ACK);
  }

  /** A strict quorum keeps the silent replica's hint but lets the replica's own answer decide. */
  @Test
  void underAStrictQuorumASilentReplicasLateSuccessStillCounts() {
    network.scripts.put(REPLICA, r -> SILENT);
    network.scripts.put(NodeId.of("s1"), r -> ACK);
    Heard heard = send(NodeStates.ALL_UP, Handoff.STRICT);
    scheduler.advance(HAND_OFF_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(network.sent).containsExactly("r put", "s1 hint for r");
    assertThat(heard.outcome).isNull();

    network.held.get(REPLICA).onResponse(ACK);

    assertThat(heard.outcome).isEqualTo(ACK);
  }

  @Test
  void aReplicaAnsweringInTimeCancelsTheHandOff() {
    network.scripts.put(REPLICA, r -> SILENT);
    Heard heard = send(NodeStates.ALL_UP, Handoff.SLOPPY);

    network.held.get(REPLICA).onResponse(ACK);

    assertThat(heard.outcome).isEqualTo(ACK);
    assertThat(scheduler.pending()).as("the silence timer is cancelled").isZero();
    scheduler.advance(1, TimeUnit.SECONDS);
    assertThat(network.sent).containsExactly("r put");
  }

  @Test
  void whenEveryStandInFailsASilentReplicasOwnAnswerDecides() {
    network.scripts.put(REPLICA, r -> SILENT);
    Heard heard = send(NodeStates.ALL_UP, Handoff.SLOPPY);
    scheduler.advance(HAND_OFF_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(network.sent).containsExactly("r put", "s1 hint for r", "s2 hint for r");
    assertThat(heard.outcome).isNull();

    network.held.get(REPLICA).onResponse(ACK);

    assertThat(heard.outcome).isEqualTo(ACK);
  }

  @Test
  void aReplicaFailingWhileItsHintIsInFlightFailsOnlyIfNoStandInTakesIt() {
    network.scripts.put(REPLICA, r -> SILENT);
    network.scripts.put(NodeId.of("s1"), r -> SILENT);
    Heard heard = send(NodeStates.ALL_UP, Handoff.SLOPPY);
    scheduler.advance(HAND_OFF_AFTER_MILLIS, TimeUnit.MILLISECONDS);

    network.held.get(REPLICA).onFailure(new IllegalStateException("replica gone"));
    assertThat(heard.outcome).as("the hint in flight decides").isNull();
    network.held.get(NodeId.of("s1")).onFailure(new IllegalStateException("s1 gone"));

    assertThat(network.sent).containsExactly("r put", "s1 hint for r", "s2 hint for r");
    assertThat(heard.outcome).asString().contains("no stand-in took its hint");
  }

  @Test
  void aReplicaThatAnswersKeepsItsWrite() {
    network.scripts.put(REPLICA, r -> ACK);
    assertThat(send(NodeStates.ALL_UP, Handoff.SLOPPY).outcome).isEqualTo(ACK);
    assertThat(network.sent).containsExactly("r put");
  }

  @Test
  void aReplicaBelievedDownIsNotAskedItsStandInKeepsAHintThatCountsUnderSloppy() {
    network.scripts.put(NodeId.of("s1"), r -> ACK);
    NodeStates states = NodeStates.of(Map.of(REPLICA, NodeState.DOWN));
    assertThat(send(states, Handoff.SLOPPY).outcome).isEqualTo(ACK);
    assertThat(network.sent).containsExactly("s1 hint for r");
  }

  @Test
  void aFailedReplicaHandsOffAndAFailedStandInPassesTheHintOn() {
    network.scripts.put(NodeId.of("s2"), r -> ACK);
    assertThat(send(NodeStates.ALL_UP, Handoff.SLOPPY).outcome).isEqualTo(ACK);
    assertThat(network.sent).containsExactly("r put", "s1 hint for r", "s2 hint for r");
  }

  @Test
  void aStandInBelievedDownIsSkipped() {
    network.scripts.put(NodeId.of("s2"), r -> ACK);
    NodeStates states =
        NodeStates.of(Map.of(REPLICA, NodeState.DOWN, NodeId.of("s1"), NodeState.DOWN));
    assertThat(send(states, Handoff.SLOPPY).outcome).isEqualTo(ACK);
    assertThat(network.sent).containsExactly("s2 hint for r");
  }

  @Test
  void aStrictQuorumKeepsTheHintButDoesNotCountIt() {
    network.scripts.put(NodeId.of("s1"), r -> ACK);
    Heard heard = send(NodeStates.ALL_UP, Handoff.STRICT);
    assertThat(heard.outcome).asString().contains("s1 keeps a hint");
    assertThat(network.sent).containsExactly("r put", "s1 hint for r");
  }

  @Test
  void anOverloadedReplicaHandsOffButARefusalOfTheRequestItselfStands() {
    network.scripts.put(REPLICA, r -> ErrorResponse.of(ErrorCode.OVERLOADED, "busy"));
    network.scripts.put(NodeId.of("s1"), r -> ACK);
    assertThat(send(NodeStates.ALL_UP, Handoff.SLOPPY).outcome).isEqualTo(ACK);

    network.sent.clear();
    Response refusal = ErrorResponse.of(ErrorCode.BAD_REQUEST, "value too large");
    network.scripts.put(REPLICA, r -> refusal);
    assertThat(send(NodeStates.ALL_UP, Handoff.SLOPPY).outcome).isEqualTo(refusal);
    assertThat(network.sent).containsExactly("r put");
  }

  @Test
  void aReplicaBelievedDownIsAskedItselfWhenEveryStandInFails() {
    network.scripts.put(REPLICA, r -> ACK);
    NodeStates states = NodeStates.of(Map.of(REPLICA, NodeState.DOWN));
    assertThat(send(states, Handoff.SLOPPY).outcome).isEqualTo(ACK);
    assertThat(network.sent).containsExactly("s1 hint for r", "s2 hint for r", "r put");
  }

  @Test
  void withNoStandInLeftTheReplicasOwnOutcomeStands() {
    Heard failed = send(NodeStates.ALL_UP, Handoff.SLOPPY);
    assertThat(failed.outcome).isEqualTo("r unreachable");

    Response overloaded = ErrorResponse.of(ErrorCode.OVERLOADED, "busy");
    network.scripts.put(REPLICA, r -> overloaded);
    assertThat(send(NodeStates.ALL_UP, Handoff.SLOPPY).outcome).isEqualTo(overloaded);
  }
}
