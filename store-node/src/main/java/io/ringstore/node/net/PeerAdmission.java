package io.ringstore.node.net;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.ringstore.client.netty.Credentials;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Decides whether a connection may greet as a cluster node ({@code PeerHello}), after which its
 * requests bypass the quorum logic: with TLS, only if it presented a certificate of the node's
 * authority (mutual TLS); with credentials, only if it proved the cluster secret. With neither, the
 * greeting is taken on trust, as on a trusted network.
 */
final class PeerAdmission {
  private final boolean tls;
  private final boolean clusterSecret;

  PeerAdmission(boolean tls, Authenticator authenticator) {
    this.tls = tls;
    this.clusterSecret = authenticator != null && authenticator.nodesAuthenticate();
  }

  /** Why {@code channel} may not greet as a node, or null when it may. */
  String refusalOf(Channel channel) {
    if (tls && !presentedCertificate(channel)) {
      return "a node must present its certificate (mutual TLS) to greet as a node";
    }
    if (clusterSecret && !Credentials.NODE.equals(channel.attr(AuthGate.IDENTITY).get())) {
      return "a node must prove the cluster secret to greet as a node";
    }
    return null;
  }

  private static boolean presentedCertificate(Channel channel) {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return false;
    }
    try {
      return ssl.engine().getSession().getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException none) {
      return false;
    }
  }
}
