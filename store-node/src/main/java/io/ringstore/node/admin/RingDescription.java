package io.ringstore.node.admin;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.ring.Murmur3Partitioner;
import io.ringstore.core.ring.Ring;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A ring as people and scripts read it, the same from {@code ringstore ring --json} and the admin
 * endpoint's {@code /ring}: its epoch, N, and per member its virtual nodes and primary share.
 *
 * @param key the key asked about, with its token and replicas; null when none was asked about
 */
public record RingDescription(
    long epoch, int replicationFactor, int virtualNodes, List<MemberView> members, KeyView key) {

  /** One member: its virtual nodes and the share of the ring it holds as first replica (0-1). */
  public record MemberView(String node, String address, String zone, int tokens, double owns) {}

  /** A key's token and its N replicas, first replica first. */
  public record KeyView(String key, long token, List<String> replicas) {}

  /** The description of {@code ring}, with where {@code key} (UTF-8; may be null) lives. */
  public static RingDescription of(Ring ring, String key) {
    Map<NodeId, Double> shares = ring.primaryShares();
    List<MemberView> members =
        ring.members().stream()
            .map(
                member ->
                    new MemberView(
                        member.id().value(),
                        new HostPort(member.host(), member.port()).toString(),
                        member.hasZone() ? member.zone() : null,
                        ring.tokensOf(member.id()).length,
                        shares.getOrDefault(member.id(), 0.0)))
            .toList();
    return new RingDescription(
        ring.epoch(),
        ring.config().replicationFactor(),
        ring.vnodeCount(),
        members,
        key == null ? null : keyView(ring, key));
  }

  private static KeyView keyView(Ring ring, String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    List<String> replicas =
        ring.preferenceList(bytes).replicas().stream().map(m -> m.id().value()).toList();
    return new KeyView(key, Murmur3Partitioner.INSTANCE.token(bytes), replicas);
  }
}
