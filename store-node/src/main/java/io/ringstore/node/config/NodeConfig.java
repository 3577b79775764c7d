package io.ringstore.node.config;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.coordinator.Handoff;
import io.ringstore.core.coordinator.QuorumDefaults;
import io.ringstore.core.repair.AntiEntropy;
import io.ringstore.core.storage.log.FsyncPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * A node's validated configuration; {@link NodeConfigLoader} builds it from a file, the environment
 * and flags, and refuses bad values with a {@link ConfigException}.
 *
 * @param nodeId this node's id
 * @param host the address to listen on (and that other nodes reach it at)
 * @param port the port to listen on; 0 picks a free one
 * @param seeds nodes to announce this node to; may include this node
 * @param dataDir where the log storage engine keeps its segments
 * @param zone the node's zone, {@link Member#NO_ZONE} for none
 * @param weight capacity weight
 * @param replicationFactor N
 * @param quorum R, W and the default request timeout
 * @param fsync when the storage engine forces writes to disk
 * @param adminHost the address the admin HTTP endpoint listens on (loopback by default)
 * @param adminPort the admin endpoint's port; 0 picks a free one
 * @param security TLS and credentials, {@link NodeSecurity#NONE} for a trusted network
 * @param readRepairChance how often a read asks every replica instead of R first (0 to 1)
 * @param handoff what a write does about a replica it cannot reach
 * @param antiEntropy how often anti-entropy runs and how fast it streams
 * @param siblingsMax the most versions a new write may leave a key with; 0 for no bound
 */
public record NodeConfig(
    NodeId nodeId,
    String host,
    int port,
    List<HostPort> seeds,
    Path dataDir,
    String zone,
    double weight,
    int replicationFactor,
    QuorumDefaults quorum,
    FsyncPolicy fsync,
    String adminHost,
    int adminPort,
    NodeSecurity security,
    double readRepairChance,
    Handoff handoff,
    AntiEntropy.Settings antiEntropy,
    int siblingsMax) {
  public NodeConfig {
    seeds = List.copyOf(seeds);
  }

  /**
   * This node as a ring member, listening on {@code actualPort} (the bound one when 0 was asked).
   */
  public Member member(int actualPort) {
    return new Member(nodeId, host, actualPort, zone, weight);
  }
}
