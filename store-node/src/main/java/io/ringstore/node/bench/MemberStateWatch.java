package io.ringstore.node.bench;

import io.ringstore.core.cluster.HostPort;
import io.ringstore.core.cluster.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What every node believed of the faulted node over a failover run: rounds of {@link
 * MemberStateProbe} answers, each stamped with the time the round started, and the two instants
 * read off them.
 *
 * <ul>
 *   <li><b>Detected</b>: the first round from the fault on in which every live node (every node but
 *       the faulted one, which may not answer) saw the faulted node {@link MemberStateProbe#DOWN}.
 *   <li><b>UP everywhere</b>: the first round from the heal on in which every node, the faulted one
 *       included, saw it {@link MemberStateProbe#UP}.
 * </ul>
 *
 * A round in which a node that must answer did not counts as "not yet". Thread-safe: rounds are
 * added by the poller while the run goes on and read at the end.
 */
public final class MemberStateWatch {
  /** Most rounds kept; a run polls every 100 ms for at most an hour. */
  public static final int ROUNDS_MAX = 40_000;

  private final MemberStateProbe probe;
  private final List<HostPort> nodes;
  private final HostPort faulted;
  private final NodeId faultedId;
  private final List<Round> rounds = new ArrayList<>();

  /** One poll of every node: when it started and what each answered. */
  record Round(long atMillis, Map<HostPort, Optional<Map<NodeId, String>>> answers) {}

  /** Watches what {@code nodes} believe of {@code faultedId}, listening at {@code faulted}. */
  public MemberStateWatch(
      MemberStateProbe probe, List<HostPort> nodes, HostPort faulted, NodeId faultedId) {
    if (!nodes.contains(faulted)) {
      throw new IllegalArgumentException("the faulted node " + faulted + " is not among " + nodes);
    }
    this.probe = probe;
    this.nodes = List.copyOf(nodes);
    this.faulted = faulted;
    this.faultedId = faultedId;
  }

  /**
   * Asks every node once, one after another, and records the round as started at {@code atMillis}.
   */
  public void poll(long atMillis) {
    poll(atMillis, Runnable::run);
  }

  /**
   * Asks every node once, all at the same time on {@code asking} (so that one silent node does not
   * delay the others' answers by its timeout), and records the round as started at {@code
   * atMillis}.
   */
  public void poll(long atMillis, Executor asking) {
    Map<HostPort, CompletableFuture<Optional<Map<NodeId, String>>>> asked = new HashMap<>();
    for (HostPort node : nodes) {
      asked.put(node, CompletableFuture.supplyAsync(() -> probe.statesSeenBy(node), asking));
    }
    Map<HostPort, Optional<Map<NodeId, String>>> answers = new HashMap<>();
    asked.forEach(
        (node, answer) -> answers.put(node, answer.exceptionally(e -> Optional.empty()).join()));
    record(new Round(atMillis, answers));
  }

  /** How many nodes a round asks. */
  public int nodeCount() {
    return nodes.size();
  }

  synchronized void record(Round round) {
    if (rounds.size() < ROUNDS_MAX) {
      rounds.add(round);
    }
  }

  /** Milliseconds from the fault until every live node saw the node DOWN, or -1. */
  public long detectMillis(long faultAtMillis) {
    Set<HostPort> live = new java.util.HashSet<>(nodes);
    live.remove(faulted);
    long atMillis = firstRoundAllSee(faultAtMillis, live, MemberStateProbe.DOWN);
    return atMillis == FailoverAnalysis.UNKNOWN ? atMillis : atMillis - faultAtMillis;
  }

  /** When every node first saw the node UP again from the heal on, or -1. */
  public long upEverywhereAtMillis(long healAtMillis) {
    return firstRoundAllSee(healAtMillis, Set.copyOf(nodes), MemberStateProbe.UP);
  }

  private synchronized long firstRoundAllSee(
      long fromMillis, Set<HostPort> observers, String state) {
    for (Round round : rounds) {
      if (round.atMillis() >= fromMillis && allSee(round, observers, state)) {
        return round.atMillis();
      }
    }
    return FailoverAnalysis.UNKNOWN;
  }

  private boolean allSee(Round round, Set<HostPort> observers, String state) {
    for (HostPort observer : observers) {
      Optional<Map<NodeId, String>> seen = round.answers().getOrDefault(observer, Optional.empty());
      if (seen.isEmpty() || !state.equals(seen.get().get(faultedId))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Per node, when it first saw the faulted node DOWN from the fault on and UP from the heal on
   * (-1: never, in milliseconds from the start of the measured part), and the last state it
   * reported: for the run's output, to tell which node held a recovery back.
   */
  public synchronized String describe(long faultAtMillis, long healAtMillis) {
    StringBuilder text = new StringBuilder();
    for (HostPort node : nodes) {
      long down = firstRoundAllSee(faultAtMillis, Set.of(node), MemberStateProbe.DOWN);
      long up = firstRoundAllSee(healAtMillis, Set.of(node), MemberStateProbe.UP);
      text.append(text.length() == 0 ? "" : "; ")
          .append(node)
          .append(" saw it DOWN at ")
          .append(down)
          .append(" ms, UP again at ")
          .append(up)
          .append(" ms, last ")
          .append(lastSeenBy(node))
          .append(", answered ")
          .append(
              rounds.stream()
                  .filter(r -> r.answers().getOrDefault(node, Optional.empty()).isPresent())
                  .count())
          .append(" of ")
          .append(rounds.size())
          .append(" rounds");
    }
    return text.toString();
  }

  private String lastSeenBy(HostPort node) {
    for (int i = rounds.size() - 1; i >= 0; i--) {
      Optional<Map<NodeId, String>> seen =
          rounds.get(i).answers().getOrDefault(node, Optional.empty());
      if (seen.isPresent()) {
        return String.valueOf(seen.get().get(faultedId));
      }
    }
    return "no answer";
  }

  /** Whether any node ever answered: if none did, detection and recovery are unknown. */
  public synchronized boolean anyAnswer() {
    return rounds.stream()
        .anyMatch(r -> r.answers().values().stream().anyMatch(Optional::isPresent));
  }
}
