package io.ringstore.core.simulation;

import java.util.Objects;
import java.util.function.Consumer;

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
 * @param bank the clients besides the others that run transactions moving money between accounts
 *     and reading them all ({@link BankClients}), each transaction one operation of the count
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
    LockSettings locks,
    BankSettings bank) {
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
    Objects.requireNonNull(bank, "bank");
    if (registerKeys < 1 || registerPercent < 0 || registerPercent > 100) {
      throw new IllegalArgumentException(
          "need registerKeys >= 1 and registerPercent in [0, 100]: " + registerPercent);
    }
  }

  /** These settings with {@code count} operations in all. */
  WorkloadSettings withOperations(int count) {
    return with(copy -> copy.operations = count);
  }

  /** These settings with {@code count} distinct keys. */
  WorkloadSettings withKeys(int count) {
    return with(copy -> copy.keys = count);
  }

  /**
   * These settings with {@code clientCount} clients, {@code percent} of the operations conditional,
   * on {@code keyCount} register keys.
   */
  WorkloadSettings withRegisters(int clientCount, int percent, int keyCount) {
    return with(
        copy -> {
          copy.clients = clientCount;
          copy.registerPercent = percent;
          copy.registerKeys = keyCount;
        });
  }

  /** These settings with {@code count} lock clients. */
  WorkloadSettings withLockClients(int count) {
    return with(copy -> copy.locks = locks.withClients(count));
  }

  /** These settings with lock clients as {@code other} says. */
  WorkloadSettings withLocks(LockSettings other) {
    return with(copy -> copy.locks = other);
  }

  /** These settings with bank clients as {@code other} says. */
  WorkloadSettings withBank(BankSettings other) {
    return with(copy -> copy.bank = other);
  }

  private WorkloadSettings with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.settings();
  }

  /** A mutable copy, for the withers. */
  private static final class Copy {
    int clients;
    int operations;
    int keys;
    int writeReplicas;
    int readReplicas;
    int clientTimeoutMillis;
    int thinkMillisMax;
    int blindWritePercent;
    int registerKeys;
    int registerPercent;
    LockSettings locks;
    BankSettings bank;

    Copy(WorkloadSettings settings) {
      clients = settings.clients;
      operations = settings.operations;
      keys = settings.keys;
      writeReplicas = settings.writeReplicas;
      readReplicas = settings.readReplicas;
      clientTimeoutMillis = settings.clientTimeoutMillis;
      thinkMillisMax = settings.thinkMillisMax;
      blindWritePercent = settings.blindWritePercent;
      registerKeys = settings.registerKeys;
      registerPercent = settings.registerPercent;
      locks = settings.locks;
      bank = settings.bank;
    }

    WorkloadSettings settings() {
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
          locks,
          bank);
    }
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
   * What the bank clients do.
   *
   * @param clients how many run transactions at once, each one at a time
   * @param accounts the accounts they move money between, each starting with {@link
   *     BankClients#OPENING_BALANCE}
   */
  record BankSettings(int clients, int accounts) {
    /** Two clients over four accounts. */
    static final BankSettings DEFAULTS = new BankSettings(2, 4);

    BankSettings {
      if (clients < 0 || accounts < 2) {
        throw new IllegalArgumentException(
            "need clients >= 0 and at least 2 accounts: " + clients + ", " + accounts);
      }
    }
  }

  /** The number of bank clients. */
  int bankClients() {
    return bank.clients();
  }

  /**
   * Three clients, 200 operations on three keys, W=2, R=2, a 3 s client deadline; a third of the
   * operations are conditional writes and serial reads on two register keys of their own; two lock
   * clients taking turns on one lock, writing one fenced key; and two bank clients running
   * transactions over four accounts.
   */
  static WorkloadSettings defaults() {
    return new WorkloadSettings(
        3, 200, 3, 2, 2, 3_000, 20, 20, 2, 33, LockSettings.DEFAULTS, BankSettings.DEFAULTS);
  }
}
