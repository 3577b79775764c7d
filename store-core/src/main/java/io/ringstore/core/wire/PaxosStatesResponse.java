package io.ringstore.core.wire;

import java.util.List;

/**
 * A replica's Paxos acceptor states of a {@link PaxosStatesRequest}'s range, in token order. A page
 * never splits the keys of one token; when it is {@code truncated}, it holds every key up to and
 * including {@code lastToken}, and the asker asks again for the rest of the range after it.
 */
public record PaxosStatesResponse(List<AcceptorEntry> states, boolean truncated, long lastToken)
    implements Response {
  public PaxosStatesResponse {
    states = List.copyOf(states);
    if (states.size() > WireLimits.SYNC_KEYS_MAX) {
      throw new IllegalArgumentException(
          states.size() + " acceptor states: a page holds at most " + WireLimits.SYNC_KEYS_MAX);
    }
    if (truncated && states.isEmpty()) {
      throw new IllegalArgumentException("a truncated page holds at least one acceptor state");
    }
  }
}
