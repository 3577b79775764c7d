package io.ringstore.node.net;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.ringstore.node.config.NodeSecurity;
import java.io.UncheckedIOException;
import javax.net.ssl.SSLException;

/**
 * The node's TLS contexts from its PEM files. The server requires every connection to present a
 * certificate of the node's authority ({@code tls-client-certificates: required}, the default), or
 * with {@code optional} asks for one but admits clients without (a client offers only a certificate
 * of an authority the server names, so one of another authority is simply not presented); either
 * way a connection that greets as a node must have presented one ({@link PeerAdmission}). Towards
 * other nodes a node presents its own certificate and trusts only its authority; it does not match
 * the peer's certificate against the address it dialled (the authority's signature is what admits a
 * node: certificates need not name pod IPs).
 */
public final class TlsContexts {
  private TlsContexts() {}

  /** The server side of this node's port. */
  public static SslContext server(NodeSecurity security) {
    try {
      return SslContextBuilder.forServer(security.tlsCert().toFile(), security.tlsKey().toFile())
          .trustManager(security.tlsCa().toFile())
          .clientAuth(security.clientCertificates() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw unusable(security, e);
    }
  }

  /** The client side of this node's connections to other nodes (mutual TLS). */
  public static SslContext peerClient(NodeSecurity security) {
    try {
      return SslContextBuilder.forClient()
          .keyManager(security.tlsCert().toFile(), security.tlsKey().toFile())
          .trustManager(security.tlsCa().toFile())
          .endpointIdentificationAlgorithm(null)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw unusable(security, e);
    }
  }

  private static UncheckedIOException unusable(NodeSecurity security, Exception e) {
    return new UncheckedIOException(
        new SSLException(
            "cannot use tls-cert "
                + security.tlsCert()
                + ", tls-key "
                + security.tlsKey()
                + " and tls-ca "
                + security.tlsCa()
                + " (PEM certificate chain, PKCS#8 key, PEM authority): "
                + e.getMessage(),
            e));
  }
}
