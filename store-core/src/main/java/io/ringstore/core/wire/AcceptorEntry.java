package io.ringstore.core.wire;

import java.util.Objects;

/**
 * One key's Paxos acceptor state, as a range movement hands it to the key's new replicas ({@link
 * PaxosStatesResponse}, {@link PaxosStatesPush}).
 */
public record AcceptorEntry(byte[] key, AcceptorState state) {
  public AcceptorEntry {
    MessageChecks.key(key);
    Objects.requireNonNull(state, "state");
  }
}
