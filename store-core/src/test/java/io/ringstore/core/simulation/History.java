package io.ringstore.core.simulation;

import io.ringstore.core.cluster.NodeId;
import io.ringstore.core.simulation.linearizability.RecordedOp;
import io.ringstore.core.simulation.linearizability.RegisterCommand;
import io.ringstore.core.simulation.linearizability.RegisterResponse;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The record of a run that checkers read: every workload operation in completion order; after the
 * faults stopped, the final R=ALL read of each key through a coordinator, and what each replica of
 * each key held, read straight from its storage; and the {@link FaultFacts} of the faults applied.
 */
public final class History {
  private final List<Operation> operations = new ArrayList<>();
  private final List<RecordedOp<RegisterCommand, RegisterResponse>> registerOps = new ArrayList<>();
  private final Map<String, Operation> finalReads = new LinkedHashMap<>();
  private final Map<String, Map<NodeId, List<Versioned>>> replicaStates = new LinkedHashMap<>();
  private final LockHistory locks = new LockHistory();
  private final BankHistory bank = new BankHistory();
  private final List<String> keys;
  private final int replicationFactor;
  private FaultFacts faults = FaultFacts.NONE;
  private MembershipFacts membership = MembershipFacts.NONE;
  private HintsTaken hintsTaken;

  History(List<String> keys, int replicationFactor) {
    this.keys = List.copyOf(keys);
    this.replicationFactor = replicationFactor;
  }

  void add(Operation operation) {
    operations.add(operation);
  }

  /** What the bank clients' transactions read, wrote and were answered. */
  public BankHistory bank() {
    return bank;
  }

  /** What the lock clients were answered. */
  public LockHistory locks() {
    return locks;
  }

  void addRegisterOp(RecordedOp<RegisterCommand, RegisterResponse> op) {
    registerOps.add(op);
  }

  /** The conditional writes and serial reads on the register keys, in completion order. */
  public List<RecordedOp<RegisterCommand, RegisterResponse>> registerOps() {
    return Collections.unmodifiableList(registerOps);
  }

  void addFinalRead(Operation read) {
    finalReads.put(read.key(), read);
  }

  /** What {@code replica} of {@code key} held in its storage once the run had settled. */
  void addReplicaState(String key, NodeId replica, List<Versioned> versions) {
    replicaStates.computeIfAbsent(key, k -> new TreeMap<>()).put(replica, List.copyOf(versions));
  }

  void setFaults(FaultFacts faults) {
    this.faults = faults;
  }

  /** Workload operations, in the order they completed. */
  public List<Operation> operations() {
    return List.copyOf(operations);
  }

  /** The final R=ALL read of {@code key}, or null if none completed. */
  public Operation finalRead(String key) {
    return finalReads.get(key);
  }

  /** Every final read, one per key. */
  public Collection<Operation> finalReads() {
    return Collections.unmodifiableCollection(finalReads.values());
  }

  /** Each replica of {@code key} and the versions its storage held at the end; empty if unread. */
  public Map<NodeId, List<Versioned>> replicaStates(String key) {
    return replicaStates.getOrDefault(key, Map.of());
  }

  public List<String> keys() {
    return keys;
  }

  /**
   * How many distinct replicas of {@code key} lost their disk strictly between the two times: a
   * replica whose disk was lost after a write reached it may have lost the write.
   */
  public int replicasLosingDisks(String key, long afterNanos, long beforeNanos) {
    return faults.replicasLosingDisks(replicaStates(key).keySet(), afterNanos, beforeNanos);
  }

  /** N: how many replicas hold each key. */
  public int replicationFactor() {
    return replicationFactor;
  }

  void setHintsTaken(HintsTaken hints) {
    this.hintsTaken = hints;
  }

  /**
   * Whether some stand-in took the write of {@code key} with {@code clock} as a hint: under a
   * sloppy quorum it may have been acknowledged by fewer than W replicas.
   */
  public boolean hinted(String key, VectorClock clock) {
    return hintsTaken != null && clock != null && hintsTaken.taken(key, clock);
  }

  void setMembership(MembershipFacts membership) {
    this.membership = membership;
  }

  /** What membership and the failure detector did. */
  public MembershipFacts membership() {
    return membership;
  }

  /** What the run's faults did. */
  public FaultFacts faults() {
    return faults;
  }
}
