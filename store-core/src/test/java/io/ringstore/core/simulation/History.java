package io.ringstore.core.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client-visible record of a run: every workload operation in completion order, and the final
 * read of each key made after the faults stopped, at R=ALL. Checkers read only this.
 */
public final class History {
  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, Operation> finalReads = new LinkedHashMap<>();
  private final List<String> keys;
  private final int replicationFactor;
  private final boolean crashed;

  History(List<String> keys, int replicationFactor, boolean crashed) {
    this.keys = List.copyOf(keys);
    this.replicationFactor = replicationFactor;
    this.crashed = crashed;
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

  /** N: how many replicas hold each key. */
  public int replicationFactor() {
    return replicationFactor;
  }

  /** Whether any node crashed during the run. */
  public boolean crashed() {
    return crashed;
  }
}
