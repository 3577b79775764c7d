package io.ringstore.core.wire;

/**
 * The client's proof that it holds the secret of the identity it claimed: an HMAC-SHA256 over both
 * nonces and the identity, keyed by the secret (the secret itself never crosses the wire). Answered
 * by {@link AuthOk}, or by an {@code UNAUTHENTICATED} error after which the node closes the
 * connection.
 *
 * @param proof {@link WireLimits#AUTH_PROOF_BYTES} bytes
 */
public record AuthProof(byte[] proof) implements ClientRequest {
  /** Checks the proof's length. */
  public AuthProof {
    MessageChecks.proof(proof, "proof");
  }
}
