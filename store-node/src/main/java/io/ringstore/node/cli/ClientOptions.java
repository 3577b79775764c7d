package io.ringstore.node.cli;

import io.ringstore.client.RingstoreClient;
import io.ringstore.core.cluster.HostPort;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a cluster shares: where the cluster is and how long to
 * wait. Without {@code --seeds}, the local cluster started by {@code ringstore cluster start}.
 */
final class ClientOptions {
  /** Default request timeout of the client commands. */
  static final long TIMEOUT_MILLIS_DEFAULT = 2_000;

  @Option(
      names = "--seeds",
      split = ",",
      description = "host:port[,host:port...] of cluster nodes (default: the local cluster)")
  List<String> seeds;

  @Option(names = "--timeout-millis", description = "request timeout (default 2000)")
  long timeoutMillis = TIMEOUT_MILLIS_DEFAULT;

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
    return builder(environment).build();
  }

  /** A client builder with the seeds and this timeout set. */
  RingstoreClient.Builder builder(CliEnvironment environment) {
    return builder(seeds(environment));
  }

  /** A client builder of the cluster at {@code nodes}, with this timeout set. */
  RingstoreClient.Builder builder(List<HostPort> nodes) {
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("--timeout-millis must be at least 1");
    }
    return RingstoreClient.builder()
        .seeds(nodes.stream().map(HostPort::toString).toList())
        .defaultTimeout(Duration.ofMillis(timeoutMillis));
  }

  /** Whether {@code --seeds} names the cluster (else the command uses a local one). */
  boolean seedsGiven() {
    return seeds != null && !seeds.isEmpty();
  }
}
