package io.ringstore.core.wire;

import java.util.List;

/**
 * A range movement hands a replica Paxos acceptor states: the replica merges each into its own
 * state of the key (the higher promise, the proposal accepted under the higher ballot) and answers
 * {@link ReplicaPutResponse} once every merged state is durable.
 */
public record PaxosStatesPush(List<AcceptorEntry> states) implements PeerRequest {
  public PaxosStatesPush {
    states = List.copyOf(states);
    if (states.size() > WireLimits.SYNC_KEYS_MAX) {
      throw new IllegalArgumentException(
          states.size() + " acceptor states: a push carries at most " + WireLimits.SYNC_KEYS_MAX);
    }
  }
}
