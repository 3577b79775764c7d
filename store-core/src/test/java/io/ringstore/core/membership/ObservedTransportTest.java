package io.ringstore.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.ResponseHandler;
import io.ringstore.core.net.Transport;
import io.ringstore.core.time.ManualClock;
import io.ringstore.core.wire.GossipAck;
import io.ringstore.core.wire.GossipSyn;
import io.ringstore.core.wire.Request;
import io.ringstore.core.wire.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ObservedTransportTest {
  private static final NodeId SELF = NodeId.of("self");
  private static final NodeId PEER = NodeId.of("peer");
  private static final long SILENT_AFTER_MILLIS = 250;
  private static final Request REQUEST = new GossipSyn(List.of());

  private final ManualClock clock = new ManualClock(0);
  private final List<Sent> sent = new ArrayList<>();
  private final Transport inner =
      (destination, request, handler) -> sent.add(new Sent(destination, handler));
  private final PeerEvidence evidence =
      new PeerEvidence(TimeUnit.MILLISECONDS.toNanos(SILENT_AFTER_MILLIS));
  private final ObservedTransport transport =
      new ObservedTransport(SELF, inner, evidence, clock, 2);

  private record Sent(NodeId destination, ResponseHandler handler) {}

  @Test
  void aFailureSuspectsAtOnceAndAnAnswerClears() {
    Recorder first = new Recorder();
    transport.send(PEER, REQUEST, first);
    sent.get(0).handler().onFailure(new IOException("connection refused"));

    assertThat(first.failures).hasSize(1);
    assertThat(evidence.suspects(PEER, now())).isTrue();

    Recorder second = new Recorder();
    transport.send(PEER, REQUEST, second);
    sent.get(1).handler().onResponse(GossipAck.EMPTY);

    assertThat(second.responses).containsExactly(GossipAck.EMPTY);
    assertThat(evidence.suspects(PEER, now())).isFalse();
    assertThat(evidence.inFlight(PEER)).isZero();
  }

  @Test
  void silencePastTheBoundSuspectsAndAnAnswerClears() {
    transport.send(PEER, REQUEST, new Recorder());
    clock.advance(SILENT_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    assertThat(evidence.suspects(PEER, now())).isFalse();

    clock.advance(1, TimeUnit.MILLISECONDS);
    assertThat(evidence.suspects(PEER, now())).isTrue();

    sent.get(0).handler().onResponse(GossipAck.EMPTY);
    assertThat(evidence.suspects(PEER, now())).isFalse();
  }

  @Test
  void aRequestBeyondTheInFlightBoundFailsAtOnceAndIsNotCounted() {
    AtomicInteger changes = new AtomicInteger();
    evidence.onChange(changes::incrementAndGet);
    transport.send(PEER, REQUEST, new Recorder());
    transport.send(PEER, REQUEST, new Recorder());
    Recorder refused = new Recorder();

    transport.send(PEER, REQUEST, refused);

    assertThat(sent).hasSize(2);
    assertThat(refused.failures)
        .singleElement()
        .isInstanceOf(ObservedTransport.InFlightLimitException.class)
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    assertThat(evidence.inFlight(PEER)).isEqualTo(2);
    assertThat(evidence.suspects(PEER, now())).isFalse();
    assertThat(changes).hasValue(0);

    sent.get(0).handler().onResponse(GossipAck.EMPTY);
    Recorder next = new Recorder();
    transport.send(PEER, REQUEST, next);

    assertThat(sent).hasSize(3);
    assertThat(next.failures).isEmpty();
    assertThat(evidence.inFlight(PEER)).isEqualTo(2);
  }

  @Test
  void requestsToItselfPassUnobserved() {
    Recorder handler = new Recorder();
    for (int i = 0; i < 5; i++) {
      transport.send(SELF, REQUEST, handler);
    }

    assertThat(sent).hasSize(5).allSatisfy(s -> assertThat(s.handler()).isSameAs(handler));
    sent.get(0).handler().onFailure(new IOException("local failure"));
    clock.advance(1, TimeUnit.HOURS);
    assertThat(evidence.inFlight(SELF)).isZero();
    assertThat(evidence.suspects(SELF, now())).isFalse();
  }

  private long now() {
    return clock.monotonicNanos();
  }

  private static final class Recorder implements ResponseHandler {
    final List<Response> responses = new ArrayList<>();
    final List<Throwable> failures = new ArrayList<>();

    @Override
    public void onResponse(Response response) {
      responses.add(response);
    }

    @Override
    public void onFailure(Throwable cause) {
      failures.add(cause);
    }
  }
}
