package io.ringstore.node.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a node protects its port: TLS from PEM files (its certificate chain and PKCS#8 key, and the
 * authority whose certificates it trusts: nodes present theirs to each other, mutual TLS), and the
 * secrets connections must prove by challenge: users' and the cluster's. Each part is optional.
 *
 * @param tlsCert this node's certificate chain (PEM), or null without TLS
 * @param tlsKey its private key (PEM, PKCS#8), or null without TLS
 * @param tlsCa the certificates of the trusted authority (PEM), or null without TLS
 * @param clientCertificates whether every connection, clients' too, must present a certificate of
 *     the authority (else only nodes must, and clients may connect with none)
 * @param clientSecrets user name to secret; empty when clients need no credential
 * @param clusterSecret the secret nodes prove to each other, or null
 */
public record NodeSecurity(
    Path tlsCert,
    Path tlsKey,
    Path tlsCa,
    boolean clientCertificates,
    Map<String, byte[]> clientSecrets,
    byte[] clusterSecret) {
  /** No TLS, no credentials: for a trusted network. */
  public static final NodeSecurity NONE = new NodeSecurity(null, null, null, false, Map.of(), null);

  public NodeSecurity {
    clientSecrets = Map.copyOf(clientSecrets);
  }

  /** Whether connections use TLS. */
  public boolean tls() {
    return tlsCert != null;
  }

  /** Whether connections must authenticate. */
  public boolean authenticates() {
    return !clientSecrets.isEmpty() || clusterSecret != null;
  }
}
