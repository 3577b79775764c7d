package io.ringstore.core.simulation.register;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.linearizability.RegisterCommand;
import io.ringstore.core.simulation.linearizability.RegisterResponse;

/**
 * The messages of the primary-copy register. They travel one way as {@link
 * io.ringstore.core.simulation.SimulatedService} messages, not as wire messages.
 */
sealed interface RegisterMessage {
  /** A client's command, sent to any node; a follower forwards it to the primary unchanged. */
  record Command(long requestId, NodeId client, String key, RegisterCommand command)
      implements RegisterMessage {}

  /** The answer to command {@code requestId}, sent to the client. */
  record Reply(long requestId, RegisterResponse response) implements RegisterMessage {}

  /** The primary's {@code sequence}-th change: {@code key} now holds {@code value}. */
  record Replicate(long sequence, String key, String value) implements RegisterMessage {}

  /** A follower holds change {@code sequence} (or a later one of its key). */
  record Replicated(long sequence) implements RegisterMessage {}
}
