package io.ringstore.core.simulation;

import io.ringstore.core.coordinator.Handoff;
import io.ringstore.core.hints.HintReplayer;
import io.ringstore.core.net.Transport;
import java.util.function.UnaryOperator;

/**
 * How a run's coordinators hand writes for unreachable replicas to stand-ins ({@code mode}), how
 * the stand-ins' replayers delete what they replay ({@code deletion}), and what the replayers'
 * requests travel through ({@code replayLinks}, which wraps each node's transport): production's,
 * or broken or lossy variants a bite proof plants.
 */
public record HintedHandoff(
    Handoff mode, HintReplayer.Deletion deletion, UnaryOperator<Transport> replayLinks) {
  /** Sloppy quorum, hints deleted on the owner's acknowledgement: what a node runs. */
  public static final HintedHandoff PRODUCTION =
      new HintedHandoff(
          Handoff.SLOPPY, HintReplayer.Deletion.ON_ACKNOWLEDGEMENT, UnaryOperator.identity());

  /** The same, coordinators handing off as {@code other} says ({@link Handoff#OFF}: never). */
  HintedHandoff withMode(Handoff other) {
    return new HintedHandoff(other, deletion, replayLinks);
  }

  /** The same, deleting as {@code other} says. */
  HintedHandoff withDeletion(HintReplayer.Deletion other) {
    return new HintedHandoff(mode, other, replayLinks);
  }

  /** The same, replaying through links {@code other} makes of each node's transport. */
  HintedHandoff withReplayLinks(UnaryOperator<Transport> other) {
    return new HintedHandoff(mode, deletion, other);
  }
}
