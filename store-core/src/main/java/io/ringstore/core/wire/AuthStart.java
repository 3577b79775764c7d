package io.ringstore.core.wire;

import java.util.Objects;

/**
 * Opens authentication on a connection: who the client claims to be and its nonce. Answered by an
 * {@link AuthChallenge}; the first request on a connection to a node that requires credentials. The
 * connection answers it itself, before the node's request handler (like {@link PeerHello}).
 *
 * @param identity a user name, or {@code node} for a cluster member proving the cluster secret
 * @param clientNonce {@link WireLimits#AUTH_NONCE_BYTES} random bytes
 */
public record AuthStart(String identity, byte[] clientNonce) implements ClientRequest {
  /** Checks both against their limits. */
  public AuthStart {
    Objects.requireNonNull(identity, "identity");
    if (identity.isEmpty() || identity.length() > WireLimits.AUTH_IDENTITY_CHARS_MAX) {
      throw new IllegalArgumentException(
          "identity must be 1 to " + WireLimits.AUTH_IDENTITY_CHARS_MAX + " characters");
    }
    MessageChecks.nonce(clientNonce, "clientNonce");
  }
}
