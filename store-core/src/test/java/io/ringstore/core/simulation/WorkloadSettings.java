package io.ringstore.core.simulation;

import java.util.Objects;

/**
 * The client workload's shape.
 *
 * @param clients clients running at once, each one operation at a time
 * @param operations operations issued in all, across clients
 * @param keys distinct keys: few, so operations collide
 * @param writeReplicas W for every put and delete
 * @param readReplicas R for every get
 * @param clientTimeoutMillis how long a client waits before calling the outcome unknown
 * @param thinkMillisMax longest pause between a client's operations
 * @param blindWritePercent writes sent with an empty context, making siblings
 * @param registerKeys keys of their own that only conditional writes and serial reads touch
 * @param registerPercent operations that are conditional, on the register keys; their history is
 *     judged for linearizability
 * @param locks the clients besides the others that take turns on one lock and write keys fenced by
 *     it ({@link LockClients}), each session one operation of the count
 */
record WorkloadSettings(
    int clients,
    int operations,
    int keys,
    int writeReplicas,
    int readReplicas,
    int clientTimeoutMillis,
    int thinkMillisMax,
    int blindWritePercent,
    int registerKeys,
    int registerPercent,
    LockSettings locks) {
  /** Most operations one run may issue. */
  static final int OPERATIONS_MAX = 1_000_000;

  WorkloadSettings {
    if (clients < 1 || keys < 1 || operations < 0 || operations > OPERATIONS_MAX) {
      throw new IllegalArgumentException(
          "need clients and keys >= 1 and operations in [0, " + OPERATIONS_MAX + "]");
    }
    if (writeReplicas < 1 || readReplicas < 1 || clientTimeoutMillis < 1 || thinkMillisMax < 0) {
      throw new IllegalArgumentException("W, R and the client timeout must be positive");
    }
    if (blindWritePercent < 0 || blindWritePercent > 100) {
      throw new IllegalArgumentException("blindWritePercent out of [0, 100]: " + blindWritePercent);
    }
    Objects.requireNonNull(locks, "locks");
    if (registerKeys < 1 || registerPercent < 0 || registerPercent > 100) {
      throw new IllegalArgumentException(
          "need registerKeys >= 1 and registerPercent in [0, 100]: " + registerPercent);
    }
  }

  /** These settings with {@code count} operations in all. */
  WorkloadSettings withOperations(int count) {
    return new WorkloadSettings(
        clients,
        count,
        keys,
        writeReplicas,
        readReplicas,
        clientTimeoutMillis,
        thinkMillisMax,
        blindWritePercent,
        registerKeys,
        registerPercent,
        locks);
  }

  /** These settings with {@code count} distinct keys. */
  WorkloadSettings withKeys(int count) {
    return new WorkloadSettings(
        clients,
        operations,
        count,
        writeReplicas,
        readReplicas,
        clientTimeoutMillis,
        thinkMillisMax,
        blindWritePercent,
        registerKeys,
        registerPercent,
        locks);
  }

  /**
   * These settings with {@code clientCount} clients, {@code percent} of the operations conditional,
   * on {@code keyCount} register keys.
   */
  WorkloadSettings withRegisters(int clientCount, int percent, int keyCount) {
    return new WorkloadSettings(
        clientCount,
        operations,
        keys,
        writeReplicas,
        readReplicas,
        clientTimeoutMillis,
        thinkMillisMax,
        blindWritePercent,
        keyCount,
        percent,
        locks);
  }

  /** These settings with {@code count} lock clients. */
  WorkloadSettings withLockClients(int count) {
    return new WorkloadSettings(
        clients,
        operations,
        keys,
        writeReplicas,
        readReplicas,
        clientTimeoutMillis,
        thinkMillisMax,
        blindWritePercent,
        registerKeys,
        registerPercent,
        locks.withClients(count));
  }

  /** These settings with lock clients as {@code other} says. */
  WorkloadSettings withLocks(LockSettings other) {
    return new WorkloadSettings(
        clients,
        operations,
        keys,
        writeReplicas,
        readReplicas,
        clientTimeoutMillis,
        thinkMillisMax,
        blindWritePercent,
        registerKeys,
        registerPercent,
        other);
  }

  /** The number of lock clients. */
  int lockClients() {
    return locks.clients();
  }

  /**
   * What the lock clients do.
   *
   * @param clients how many take turns on the lock
   * @param fencedKeys keys they write, each write to one of them at random
   * @param stallMillisMax the longest a holder stalls (as a paused process would) before a write,
   *     now and then: past its lease when longer than the lease
   */
  record LockSettings(int clients, int fencedKeys, int stallMillisMax) {
    /** Two clients writing one key, stalling up to two and a half leases. */
    static final LockSettings DEFAULTS = new LockSettings(2, 1, LockClients.LEASE_MILLIS * 5 / 2);

    LockSettings {
      if (clients < 0 || fencedKeys < 1 || stallMillisMax <= LockClients.LEASE_MILLIS / 2) {
        throw new IllegalArgumentException(
            "need clients >= 0, fencedKeys >= 1 and stallMillisMax above half a lease: "
                + clients
                + ", "
                + fencedKeys
                + ", "
                + stallMillisMax);
      }
    }

    LockSettings withClients(int count) {
      return new LockSettings(count, fencedKeys, stallMillisMax);
    }

    LockSettings withFencedKeys(int count) {
      return new LockSettings(clients, count, stallMillisMax);
    }

    LockSettings withStallMillisMax(int millis) {
      return new LockSettings(clients, fencedKeys, millis);
    }
  }

  /**
   * Three clients, 200 operations on three keys, W=2, R=2, a 3 s client deadline; a third of the
   * operations are conditional writes and serial reads on two register keys of their own; and two
   * lock clients taking turns on one lock, writing one fenced key.
   */
  static WorkloadSettings defaults() {
    return new WorkloadSettings(3, 200, 3, 2, 2, 3_000, 20, 20, 2, 33, LockSettings.DEFAULTS);
  }
}
