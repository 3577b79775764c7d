package io.ringstore.core.ring;

import io.ringstore.core.cluster.Member;
import io.ringstore.core.cluster.NodeId;
import java.util.List;

/**
 * The nodes responsible for a range of tokens, in the order a coordinator contacts them: first the
 * N replicas (distinct physical nodes, distinct zones first where zones are set), then the
 * fallbacks a sloppy quorum writes hints to when replicas are down. Lists are precomputed per ring
 * position when a ring is built, so looking one up allocates nothing; instances are immutable and
 * shared.
 */
public final class PreferenceList {
  private final Member[] nodes;
  private final int replicaCount;
  private final List<Member> replicas;
  private final List<Member> fallbacks;

  PreferenceList(Member[] nodes, int replicaCount) {
    this.nodes = nodes;
    this.replicaCount = replicaCount;
    this.replicas = List.of(nodes).subList(0, replicaCount);
    this.fallbacks = List.of(nodes).subList(replicaCount, nodes.length);
  }

  /** The number of replicas: N, or every member when the ring has fewer than N. */
  public int replicaCount() {
    return replicaCount;
  }

  /** The i-th replica, {@code 0 <= i < replicaCount()}. */
  public Member replica(int i) {
    if (i >= replicaCount) {
      throw new IndexOutOfBoundsException("replica " + i + " of " + replicaCount);
    }
    return nodes[i];
  }

  /** The replicas, in contact order. */
  public List<Member> replicas() {
    return replicas;
  }

  /** The fallback nodes after the replicas, in the order a sloppy quorum tries them. */
  public List<Member> fallbacks() {
    return fallbacks;
  }

  /** Replicas then fallbacks: every node of the list, in order. */
  public int size() {
    return nodes.length;
  }

  /** The i-th node of the whole list, replicas first. */
  public Member node(int i) {
    return nodes[i];
  }

  /** Whether {@code id} is one of the N replicas. */
  public boolean isReplica(NodeId id) {
    for (int i = 0; i < replicaCount; i++) {
      if (nodes[i].id().equals(id)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "PreferenceList{replicas=" + replicas + ", fallbacks=" + fallbacks + "}";
  }
}
