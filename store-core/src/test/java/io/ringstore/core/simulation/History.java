package io.ringstore.core.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client-visible record of a run: every workload operation in completion order, and the final
 * read of each key made after the faults stopped, at R=ALL; beside it, the one fault a checker must
 * know of, because the failure model bounds it: which node lost its disk when, and which nodes hold
 * each key. Checkers read only this.
 */
public final class History {
  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, Operation> finalReads = new LinkedHashMap<>();
  private final Map<String, List<String>> replicasByKey;
  private final List<String> keys;
  private final int replicationFactor;
  private final List<DiskLoss> diskLosses = new ArrayList<>();

  /** A node's disk was lost at {@code atNanos} of simulated time. */
  public record DiskLoss(String node, long atNanos) {}

  /**
   * @param replicasByKey each key, in order, with the N nodes of its preference list
   */
  History(Map<String, List<String>> replicasByKey, int replicationFactor) {
    this.replicasByKey = new LinkedHashMap<>(replicasByKey);
    this.keys = List.copyOf(replicasByKey.keySet());
    this.replicationFactor = replicationFactor;
  }

  void add(Operation operation) {
    operations.add(operation);
  }

  void addFinalRead(Operation read) {
    finalReads.put(read.key(), read);
  }

  /** Workload operations, in the order they completed. */
  public List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** The final R=ALL read of {@code key}, or null if none completed. */
  public Operation finalRead(String key) {
    return finalReads.get(key);
  }

  public List<String> keys() {
    return keys;
  }

  void addDiskLoss(DiskLoss loss) {
    diskLosses.add(loss);
  }

  /**
   * How many distinct replicas of {@code key} lost their disk strictly between the two times: a
   * replica whose disk was lost after a write reached it may have lost the write.
   */
  public int replicasLosingDisks(String key, long afterNanos, long beforeNanos) {
    List<String> replicas = replicasByKey.getOrDefault(key, List.of());
    return (int)
        diskLosses.stream()
            .filter(loss -> loss.atNanos() > afterNanos && loss.atNanos() < beforeNanos)
            .map(DiskLoss::node)
            .filter(replicas::contains)
            .distinct()
            .count();
  }

  /** N: how many replicas hold each key. */
  public int replicationFactor() {
    return replicationFactor;
  }
}
