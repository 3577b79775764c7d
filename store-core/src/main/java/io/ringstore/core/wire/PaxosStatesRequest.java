package io.ringstore.core.wire;

import io.ringstore.core.ring.TokenRange;
import java.util.Objects;

/**
 * A range movement asks a replica for its Paxos acceptor states of the keys in {@code range}; the
 * replica answers with a {@link PaxosStatesResponse}, a page in token order.
 */
public record PaxosStatesRequest(TokenRange range) implements PeerRequest {
  public PaxosStatesRequest {
    Objects.requireNonNull(range, "range");
  }
}
