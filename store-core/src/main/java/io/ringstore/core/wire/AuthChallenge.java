package io.ringstore.core.wire;

/**
 * The node's nonce, which the client must prove it can sign with its secret ({@link AuthProof}).
 *
 * @param serverNonce {@link WireLimits#AUTH_NONCE_BYTES} random bytes
 */
public record AuthChallenge(byte[] serverNonce) implements Response {
  /** Checks the nonce's length. */
  public AuthChallenge {
    MessageChecks.nonce(serverNonce, "serverNonce");
  }
}
