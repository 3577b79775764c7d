package io.ringstore.node.net;

import io.ringstore.client.netty.Credentials;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials a node knows: its clients' secrets by user name, and the cluster secret that
 * nodes prove to each other as {@link Credentials#NODE}. A connection to a node that has an
 * authenticator must prove one of them by challenge ({@link AuthGate}) before anything else.
 */
public final class Authenticator {
  private final Map<String, byte[]> secrets = new HashMap<>();

  /**
   * An authenticator of {@code clientSecrets} (user name to secret) and the {@code clusterSecret}
   * (null when nodes do not authenticate to each other).
   */
  public Authenticator(Map<String, byte[]> clientSecrets, byte[] clusterSecret) {
    clientSecrets.forEach(
        (user, secret) -> {
          if (user.equals(Credentials.NODE)) {
            throw new IllegalArgumentException(
                "'" + Credentials.NODE + "' is the nodes' identity, not a user name");
          }
          secrets.put(user, new Credentials(user, secret).secret());
        });
    if (clusterSecret != null) {
      secrets.put(Credentials.NODE, new Credentials(Credentials.NODE, clusterSecret).secret());
    }
  }

  /** The secret of {@code identity}, if it is known. */
  Optional<byte[]> secretOf(String identity) {
    byte[] secret = secrets.get(identity);
    return secret == null ? Optional.empty() : Optional.of(Arrays.copyOf(secret, secret.length));
  }

  /** Whether nodes must prove the cluster secret to each other. */
  boolean nodesAuthenticate() {
    return secrets.containsKey(Credentials.NODE);
  }
}
