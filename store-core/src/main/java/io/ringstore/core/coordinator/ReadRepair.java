package io.ringstore.core.coordinator;

import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a read's reconciled versions a replica must be sent so that it holds them all: every
 * reconciled version that none of the replica's own versions covers (equals or descends from).
 * Writing them cannot move a replica backwards: a replica's put keeps only versions no other
 * version it holds supersedes (the antichain rule of {@code VersionSet}), and tombstones are
 * versions like any other, so a repair never resurrects a deleted value.
 *
 * <p>An interface so that the simulator's bite proof can run a broken repair.
 */
@FunctionalInterface
public interface ReadRepair {
  /** The repair coordinators run: every version the replica lacks. */
  ReadRepair MISSING_VERSIONS = ReadRepair::missing;

  /**
   * Whether a read asks every replica at once instead of R first, so that the replicas it would
   * skip take part in its repair (Cassandra's old {@code read_repair_chance}); their answers come
   * after the client's and are repaired in the background.
   */
  @FunctionalInterface
  interface Chance {
    /** Never: replicas a read skips are left to anti-entropy (the default). */
    Chance NEVER = () -> false;

    /** Always: every read asks every replica. */
    Chance ALWAYS = () -> true;

    /** Whether this read asks every replica. */
    boolean askAll();

    /** Each read asks every replica with probability {@code chance}, drawn from {@code random}. */
    static Chance of(double chance, java.util.Random random) {
      if (!(chance >= 0 && chance <= 1)) {
        throw new IllegalArgumentException("a read repair chance is 0 to 1, not " + chance);
      }
      if (chance == 0) {
        return NEVER;
      }
      return () -> random.nextDouble() < chance;
    }
  }

  /** The versions of {@code reconciled} to write to a replica that answered {@code replicaHas}. */
  List<Versioned> toWrite(List<Versioned> reconciled, Versioned[] replicaHas);

  /**
   * Every version of {@code reconciled} that no version of {@code replicaHas} covers; an immutable
   * empty list, allocating nothing, when the replica lacks none (the common case).
   */
  static List<Versioned> missing(List<Versioned> reconciled, Versioned[] replicaHas) {
    List<Versioned> missing = List.of();
    for (Versioned wanted : reconciled) {
      if (!covered(wanted, replicaHas)) {
        missing = missing.isEmpty() ? new ArrayList<>() : missing;
        missing.add(wanted);
      }
    }
    return missing;
  }

  private static boolean covered(Versioned wanted, Versioned[] replicaHas) {
    for (Versioned held : replicaHas) {
      if (wanted.clock().compare(held.clock()).isBeforeOrEqual()) {
        return true;
      }
    }
    return false;
  }
}
