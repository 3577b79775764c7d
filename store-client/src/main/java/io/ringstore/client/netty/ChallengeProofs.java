package io.ringstore.client.netty;

import io.ringstore.core.annotation.SuppressForbidden;
import io.ringstore.core.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The challenge both sides of an authentication compute: the client proves it holds the secret of
 * the identity it claims by an HMAC-SHA256, keyed by the secret, over a label, the identity, the
 * node's nonce and its own; the node answers with the HMAC over the nonces in the other order, so
 * that each side proves the secret to the other and neither proof can be replayed on another
 * connection (fresh nonces on both sides) or reflected (distinct labels). The secret never crosses
 * the wire; without TLS the connection's later traffic is still readable and could be taken over by
 * whoever sits on the path, so run with TLS where the network is not trusted.
 */
@SuppressForbidden(reason = "nonces must be unpredictable, never replayed from a seed")
public final class ChallengeProofs {
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] CLIENT_LABEL =
      "ringstore-auth-1 client".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SERVER_LABEL =
      "ringstore-auth-1 server".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private ChallengeProofs() {}

  /** A fresh nonce. */
  public static byte[] nonce() {
    byte[] nonce = new byte[WireLimits.AUTH_NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  /** What the client sends to prove {@code secret}. */
  public static byte[] clientProof(
      byte[] secret, String identity, byte[] clientNonce, byte[] serverNonce) {
    return hmac(secret, CLIENT_LABEL, identity, serverNonce, clientNonce);
  }

  /** What the node answers to prove the same secret. */
  public static byte[] serverProof(
      byte[] secret, String identity, byte[] clientNonce, byte[] serverNonce) {
    return hmac(secret, SERVER_LABEL, identity, clientNonce, serverNonce);
  }

  /** Whether two proofs are equal, in time that does not depend on where they differ. */
  public static boolean same(byte[] expected, byte[] actual) {
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] hmac(
      byte[] secret, byte[] label, String identity, byte[] firstNonce, byte[] secondNonce) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      mac.update(label);
      mac.update((byte) 0);
      mac.update(identity.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(firstNonce);
      mac.update(secondNonce);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
    }
  }
}
