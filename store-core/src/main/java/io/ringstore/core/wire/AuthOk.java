package io.ringstore.core.wire;

/**
 * The node accepts the client's proof and proves in turn that it holds the same secret (an HMAC
 * over the nonces in the other order), so that the client knows it talks to the cluster.
 *
 * @param serverProof {@link WireLimits#AUTH_PROOF_BYTES} bytes
 */
public record AuthOk(byte[] serverProof) implements Response {
  /** Checks the proof's length. */
  public AuthOk {
    MessageChecks.proof(serverProof, "serverProof");
  }
}
