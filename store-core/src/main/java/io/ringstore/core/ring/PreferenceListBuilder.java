package io.ringstore.core.ring;

import io.ringstore.core.cluster.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the preference list of every ring position once, when a ring is built, so lookups only
 * index an array.
 *
 * <p>From a position we walk clockwise collecting distinct physical nodes until we hold N plus the
 * fallbacks and have met as many zones as the N replicas can use (or have met every member). The N
 * replicas are then the first nodes, clockwise, each in a zone not yet chosen; if fewer than N
 * zones exist the rest are filled clockwise from the nodes skipped. Fallbacks are the remaining
 * nodes in clockwise order. With no zones configured this is exactly "the first N distinct nodes
 * clockwise" of the Dynamo paper (DeCandia et al., SOSP 2007, §4.3).
 *
 * <p>Consecutive positions often produce the same list; lists are interned so a ring of 64 nodes
 * and 16,384 positions holds a few thousand distinct lists, not 16,384.
 */
final class PreferenceListBuilder {
  private final RingLayout layout;
  private final int replicationFactor;
  private final int listSize;
  private final int zonesUsable;
  private final Map<List<Member>, PreferenceList> interned = new HashMap<>();

  private PreferenceListBuilder(RingLayout layout, RingConfig config) {
    this.layout = layout;
    int memberCount = layout.members().size();
    this.replicationFactor = Math.min(config.replicationFactor(), memberCount);
    this.listSize = Math.min(config.replicationFactor() + config.fallbacksMax(), memberCount);
    Set<String> zones = new HashSet<>();
    layout.members().forEach(member -> zones.add(member.zone()));
    this.zonesUsable = Math.min(replicationFactor, zones.size());
  }

  /** The preference list of every position of {@code layout}, indexed by position. */
  static PreferenceList[] build(RingLayout layout, RingConfig config) {
    PreferenceListBuilder builder = new PreferenceListBuilder(layout, config);
    PreferenceList[] lists = new PreferenceList[layout.size()];
    for (int position = 0; position < lists.length; position++) {
      lists[position] = builder.listAt(position);
    }
    return lists;
  }

  private PreferenceList listAt(int position) {
    List<Member> clockwise = distinctNodesFrom(position);
    List<Member> ordered = replicasFirst(clockwise);
    return interned.computeIfAbsent(
        ordered, nodes -> new PreferenceList(nodes.toArray(new Member[0]), replicationFactor));
  }

  private List<Member> distinctNodesFrom(int position) {
    LinkedHashSet<Member> seen = new LinkedHashSet<>();
    Set<String> zonesSeen = new HashSet<>();
    int memberCount = layout.members().size();
    for (int step = 0; step < layout.size() && !enough(seen, zonesSeen, memberCount); step++) {
      Member owner = layout.owner((position + step) % layout.size());
      seen.add(owner);
      zonesSeen.add(owner.zone());
    }
    return new ArrayList<>(seen);
  }

  private boolean enough(Set<Member> seen, Set<String> zonesSeen, int memberCount) {
    if (seen.size() == memberCount) {
      return true;
    }
    return seen.size() >= listSize && zonesSeen.size() >= zonesUsable;
  }

  private List<Member> replicasFirst(List<Member> clockwise) {
    List<Member> replicas = new ArrayList<>(replicationFactor);
    Set<String> zonesChosen = new HashSet<>();
    for (Member node : clockwise) {
      if (replicas.size() < replicationFactor && zonesChosen.add(node.zone())) {
        replicas.add(node);
      }
    }
    List<Member> rest = new ArrayList<>(clockwise);
    rest.removeAll(replicas);
    while (replicas.size() < replicationFactor) {
      replicas.add(rest.remove(0));
    }
    List<Member> ordered = new ArrayList<>(replicas);
    ordered.addAll(rest.subList(0, Math.min(rest.size(), listSize - replicationFactor)));
    return ordered;
  }
}
