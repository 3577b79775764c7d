package io.ringstore.core.wire;

import java.util.Objects;

/**
 * Phase one of a Paxos round on one key: asks a replica to promise {@code ballot} (to accept no
 * proposal under a lower one) and to tell what it has accepted and what it stores for the key. The
 * answer is a {@link PaxosPromise}.
 */
public record PaxosPrepare(byte[] key, Ballot ballot) implements PeerRequest {
  public PaxosPrepare {
    MessageChecks.key(key);
    Objects.requireNonNull(ballot, "ballot");
  }
}
