package io.ringstore.node.cli;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.ringstore.client.RingstoreClient;
import io.ringstore.client.netty.ConnectionSettings;
import io.ringstore.client.netty.Credentials;
import io.ringstore.core.cluster.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a cluster shares: where the cluster is and how long to
 * wait. Without {@code --seeds}, the local cluster started by {@code ringstore cluster start}.
 */
final class ClientOptions {
  /** Default request timeout of the client commands. */
  static final long TIMEOUT_MILLIS_DEFAULT = 2_000;

  /**
   * Least time a command gives its client to learn the ring and connect to every node before the
   * request's own timeout starts (a cold JVM's TLS handshakes take hundreds of milliseconds).
   */
  static final long CONNECT_MILLIS_MIN = 5_000;

  @Option(
      names = "--seeds",
      split = ",",
      description = "host:port[,host:port...] of cluster nodes (default: the local cluster)")
  List<String> seeds;

  @Option(
      names = "--timeout-millis",
      description = "request timeout, after connecting (default 2000)")
  long timeoutMillis = TIMEOUT_MILLIS_DEFAULT;

  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      description = "connect over TLS trusting the authority in this PEM file ($RINGSTORE_TLS_CA)")
  Path tlsCa;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "this client's PEM certificate, where nodes require one ($RINGSTORE_TLS_CERT)")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "the PEM (PKCS#8) key of --tls-cert ($RINGSTORE_TLS_KEY)")
  Path tlsKey;

  @Option(
      names = "--user",
      description = "authenticate as this user ($RINGSTORE_USER), with --secret-file")
  String user;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description = "the file holding the user's secret ($RINGSTORE_SECRET_FILE)")
  Path secretFile;

  /** The connection settings of these options: TLS and credentials when given. */
  ConnectionSettings connectionSettings(CliEnvironment environment) {
    ConnectionSettings settings = ConnectionSettings.defaults();
    Path ca = tlsCa != null ? tlsCa : pathFrom(environment, "RINGSTORE_TLS_CA");
    Path cert = tlsCert != null ? tlsCert : pathFrom(environment, "RINGSTORE_TLS_CERT");
    Path key = tlsKey != null ? tlsKey : pathFrom(environment, "RINGSTORE_TLS_KEY");
    if (ca != null) {
      settings = settings.withSsl(tls(ca, cert, key));
    } else if (cert != null || key != null) {
      throw new IllegalArgumentException("--tls-cert and --tls-key need --tls-ca");
    }
    Credentials credentials = credentials(environment);
    return credentials == null ? settings : settings.withCredentials(credentials);
  }

  private static SslContext tls(Path ca, Path cert, Path key) {
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("give both --tls-cert and --tls-key, or neither");
    }
    try {
      SslContextBuilder builder = SslContextBuilder.forClient().trustManager(ca.toFile());
      if (cert != null) {
        builder.keyManager(cert.toFile(), key.toFile());
      }
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot use --tls-ca "
              + ca
              + (cert == null ? "" : ", --tls-cert " + cert + ", --tls-key " + key)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Credentials credentials(CliEnvironment environment) {
    String name = user != null ? user : environment.environment().get("RINGSTORE_USER");
    Path file = secretFile != null ? secretFile : pathFrom(environment, "RINGSTORE_SECRET_FILE");
    if (name == null && file == null) {
      return null;
    }
    if (name == null || file == null) {
      throw new IllegalArgumentException(
          "give both --user and --secret-file (or RINGSTORE_USER and RINGSTORE_SECRET_FILE)");
    }
    return Credentials.fromFile(name, file);
  }

  private static Path pathFrom(CliEnvironment environment, String variable) {
    String value = environment.environment().get(variable);
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  /** A probe of single nodes connecting as these options say. */
  NodeProbe probe(CliEnvironment environment) {
    return new NodeProbe(connectionSettings(environment));
  }

  /** The seeds given, or the local cluster's nodes; throws IllegalStateException if neither. */
  List<HostPort> seeds(CliEnvironment environment) {
    if (seeds != null && !seeds.isEmpty()) {
      return seeds.stream().map(HostPort::parse).toList();
    }
    return ClusterState.read(environment.clusterDirectory())
        .map(ClusterState::seeds)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no local cluster is running (start one with './ringstore cluster start')"
                        + " and no --seeds were given"));
  }

  /** A client of the cluster with this timeout and the client's default event loops. */
  RingstoreClient client(CliEnvironment environment) {
    return connected(builder(environment).build());
  }

  /** {@code client}, once connected to the cluster (closed if it could not connect). */
  RingstoreClient connected(RingstoreClient client) {
    try {
      // A one-shot command's JVM is cold: without this, the ring fetch and a TLS handshake per
      // node would come out of the request's timeout.
      client.connect(Duration.ofMillis(Math.max(timeoutMillis, CONNECT_MILLIS_MIN)));
    } catch (RuntimeException failed) {
      client.close();
      throw failed;
    }
    return client;
  }

  /** A client builder with the seeds, this timeout, TLS and credentials set. */
  RingstoreClient.Builder builder(CliEnvironment environment) {
    return builder(seeds(environment), environment);
  }

  /** A client builder of the cluster at {@code nodes}, with this timeout, TLS and credentials. */
  RingstoreClient.Builder builder(List<HostPort> nodes, CliEnvironment environment) {
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("--timeout-millis must be at least 1");
    }
    RingstoreClient.Builder builder =
        RingstoreClient.builder()
            .seeds(nodes.stream().map(HostPort::toString).toList())
            .defaultTimeout(Duration.ofMillis(timeoutMillis));
    ConnectionSettings settings = connectionSettings(environment);
    if (settings.ssl() != null) {
      builder.tls(settings.ssl());
    }
    if (settings.credentials() != null) {
      builder.credentials(settings.credentials().identity(), settings.credentials().secret());
    }
    return builder;
  }

  /** Whether {@code --seeds} names the cluster (else the command uses a local one). */
  boolean seedsGiven() {
    return seeds != null && !seeds.isEmpty();
  }
}
