package io.ringstore.core.simulation;

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
 * @param lockClients clients besides the others that take turns on one lock and write a key fenced
 *     by it ({@link LockClients}), each session one operation of the count
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
    int lockClients) {
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
    if (lockClients < 0) {
      throw new IllegalArgumentException("lockClients must not be negative: " + lockClients);
    }
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
        lockClients);
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
        lockClients);
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
        lockClients);
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
        count);
  }

  /**
   * Three clients, 200 operations on three keys, W=2, R=2, a 3 s client deadline; a third of the
   * operations are conditional writes and serial reads on two register keys of their own; and two
   * lock clients taking turns on one lock.
   */
  static WorkloadSettings defaults() {
    return new WorkloadSettings(3, 200, 3, 2, 2, 3_000, 20, 20, 2, 33, 2);
  }
}
