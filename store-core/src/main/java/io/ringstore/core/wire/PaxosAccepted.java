package io.ringstore.core.wire;

import java.util.Objects;

/**
 * A replica's answer to a {@link PaxosPropose}.
 *
 * @param accepted whether it accepted the proposal
 * @param promise the highest ballot it has promised now (above the proposal's, for a refusal)
 */
public record PaxosAccepted(boolean accepted, Ballot promise) implements Response {
  public PaxosAccepted {
    Objects.requireNonNull(promise, "promise");
  }
}
