package io.ringstore.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.net.RequestHandler;
import io.ringstore.core.testing.Seeds;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.FrameTooLargeException;
import io.ringstore.core.wire.GetRequest;
import io.ringstore.core.wire.GetResponse;
import io.ringstore.core.wire.ReplicaPutRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Messages cross the simulated network as frames of the real codec. */
class SimulatedNetworkTest {
  /** Three siblings of this size make a frame above the codec's default maximum. */
  private static final int VALUE_BYTES = 12 * 1024 * 1024;

  @Test
  void aMessageTheCodecCannotCarryFailsTheRunWithItsSeed() {
    long seed = Seeds.seed("SimulatedNetworkTest.tooLarge");
    SimulationConfig config =
        SimulationConfig.defaults()
            .withNemesis(Nemesis.none())
            .withHandlers((node, handler) -> answeringGetsWithTooLargeFrames(handler));

    assertThatThrownBy(() -> Simulator.run(seed, config))
        .hasMessageStartingWith("seed " + seed + " failed")
        .hasRootCauseInstanceOf(FrameTooLargeException.class);
  }

  /**
   * A replica that stores a copy of each write it receives, then scribbles over the value it was
   * handed: were that value shared with the coordinator and the other replicas, they would store
   * the scribble and diverge from this one. Decoded on its own, the scribble reaches nobody.
   */
  @Test
  void eachDeliveredCopyIsItsOwnObject() {
    long seed = Seeds.seed("SimulatedNetworkTest.copies");
    SimulationConfig config =
        SimulationConfig.defaults()
            .withNemesis(Nemesis.none())
            .withHandlers((node, handler) -> scribbling(handler));

    SimulationRun run = Simulator.run(seed, config);

    assertThat(new ConvergenceChecker().check(run.history()).violations()).isEmpty();
    assertThat(run.log().text()).contains("duplicate #");
  }

  private static RequestHandler answeringGetsWithTooLargeFrames(RequestHandler delegate) {
    return (source, request, respond) -> {
      if (request instanceof GetRequest) {
        byte[] value = new byte[VALUE_BYTES];
        respond.accept(new GetResponse(siblings(value).toArray(Versioned[]::new)));
      } else {
        delegate.handle(source, request, respond);
      }
    };
  }

  private static RequestHandler scribbling(RequestHandler delegate) {
    return (source, request, respond) -> {
      if (request instanceof ReplicaPutRequest put && put.version().value() != null) {
        Versioned received = put.version();
        Versioned copy =
            Versioned.of(received.clock(), received.timestampMillis(), received.value().clone());
        delegate.handle(source, new ReplicaPutRequest(put.key(), copy), respond);
        received.value()[0] ^= 1;
      } else {
        delegate.handle(source, request, respond);
      }
    };
  }

  private static List<Versioned> siblings(byte[] value) {
    return List.of(
        Versioned.of(clock("node-0"), 1, value),
        Versioned.of(clock("node-1"), 1, value),
        Versioned.of(clock("node-2"), 1, value));
  }

  private static VectorClock clock(String node) {
    return VectorClock.of(List.of(new VectorClock.Entry(NodeId.of(node), 1, 1)));
  }
}
