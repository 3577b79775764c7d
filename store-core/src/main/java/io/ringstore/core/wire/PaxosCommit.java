package io.ringstore.core.wire;

import io.ringstore.core.version.Versioned;
import java.util.Objects;

/**
 * The last step of a Paxos round: a proposal a majority accepted becomes the key's stored version
 * on the replica, where plain reads see it. Answered with {@link ReplicaPutResponse} once durable.
 */
public record PaxosCommit(byte[] key, Versioned version) implements PeerRequest {
  public PaxosCommit {
    MessageChecks.key(key);
    Objects.requireNonNull(version, "version");
    if (!version.isTombstone()) {
      MessageChecks.value(version.value());
    }
  }
}
