package io.ringstore.core.version;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versions of a key that no other known version supersedes: an antichain under the clock order,
 * where every two versions are {@link Occurred#CONCURRENT}. Dynamo, Riak and Voldemort keep such
 * siblings and hand them all to the client, which reconciles them and writes back with {@link
 * #mergedClock} as context; or the client asks for {@link #lastWriteWins}. Immutable.
 *
 * <p>Concurrent versions with the same content (equal value bytes, or both tombstones) are one
 * sibling: a write's retry, or its request duplicated on the way, is stored under a second event,
 * and two clients that write one value concurrently leave nothing to reconcile. They become one
 * version whose clock is the union of theirs (so a write with its context supersedes both) and
 * whose timestamp is the later; the result still does not depend on the order of the versions.
 *
 * <p>The result depends only on the set of versions given, never on their order: of two versions
 * with {@link Occurred#EQUAL} clocks the later in {@link #lastWriteWins} order is kept, and {@link
 * #versions} are listed in that order.
 */
public final class Siblings {
  /**
   * Last-write-wins order: timestamp, then the clock entries, then the value (a tombstone above any
   * value, so a delete wins a tie as in Cassandra; values by unsigned bytes), then the clock
   * timestamps. Total over distinct versions, so every choice it makes is deterministic.
   */
  private static final Comparator<Versioned> WRITE_ORDER =
      Comparator.comparingLong(Versioned::timestampMillis)
          .thenComparing(Versioned::clock, VectorClock::compareEntries)
          .thenComparing(Versioned::value, Siblings::compareValues)
          .thenComparing(Versioned::clock, VectorClock::compareLastUpdated);

  private static final Siblings EMPTY = new Siblings(List.of());

  /** What makes two versions one sibling: both tombstones, or equal value bytes. */
  private record Content(boolean tombstone, ByteBuffer value) {
    static Content of(Versioned version) {
      return version.isTombstone()
          ? new Content(true, null)
          : new Content(false, ByteBuffer.wrap(version.value()));
    }
  }

  private final List<Versioned> versions;

  private Siblings(List<Versioned> versions) {
    this.versions = versions;
  }

  /** No versions: the key was never written, or only with versions since discarded. */
  public static Siblings empty() {
    return EMPTY;
  }

  /**
   * The maximal versions of {@code versions}: every version whose clock is {@link Occurred#BEFORE}
   * another's is dropped, and of versions with {@link Occurred#EQUAL} clocks only one is kept; then
   * maximal versions of one content become one (see the class comment).
   *
   * @throws IllegalArgumentException if the collection or one of its versions is null
   */
  public static Siblings of(Collection<Versioned> versions) {
    if (versions == null) {
      throw new IllegalArgumentException("siblings: versions must not be null");
    }
    List<Versioned> maximal = maximal(versions);
    if (maximal.size() < 2) {
      return sorted(maximal);
    }
    List<Versioned> unique = oneByContent(maximal);
    return sorted(unique.size() < maximal.size() ? maximal(unique) : unique);
  }

  /** These siblings with {@code version} added: the siblings of both (see {@link #of}). */
  public Siblings add(Versioned version) {
    List<Versioned> all = new ArrayList<>(versions);
    all.add(version);
    return of(all);
  }

  private static List<Versioned> maximal(Collection<Versioned> versions) {
    List<Versioned> maximal = new ArrayList<>(versions.size());
    for (Versioned version : versions) {
      addMaximal(maximal, version);
    }
    return maximal;
  }

  /** One version per content: those of one content merged, in the order first met. */
  private static List<Versioned> oneByContent(List<Versioned> versions) {
    Map<Content, Versioned> byContent = new LinkedHashMap<>();
    for (Versioned version : versions) {
      byContent.merge(Content.of(version), version, Siblings::mergedTwins);
    }
    return new ArrayList<>(byContent.values());
  }

  /**
   * Adds {@code candidate} to the antichain {@code maximal} unless a member covers it, removing the
   * members it supersedes. In an antichain a candidate below one member cannot be above another.
   */
  private static void addMaximal(List<Versioned> maximal, Versioned candidate) {
    if (candidate == null) {
      throw new IllegalArgumentException("siblings: a version must not be null");
    }
    for (int i = maximal.size() - 1; i >= 0; i--) {
      Versioned member = maximal.get(i);
      Occurred occurred = candidate.clock().compare(member.clock());
      if (occurred == Occurred.BEFORE) {
        return;
      }
      if (occurred == Occurred.EQUAL) {
        maximal.set(i, WRITE_ORDER.compare(candidate, member) > 0 ? candidate : member);
        return;
      }
      if (occurred == Occurred.AFTER) {
        maximal.remove(i);
      }
    }
    maximal.add(candidate);
  }

  /**
   * Two concurrent versions of one content as one: the union of their clocks and the later
   * timestamp. What a read makes of a write stored twice; storage engines store it in place of a
   * second sibling.
   */
  public static Versioned mergedTwins(Versioned a, Versioned b) {
    return new Versioned(
        a.clock().merge(b.clock()), Math.max(a.timestampMillis(), b.timestampMillis()), a.value());
  }

  private static Siblings sorted(List<Versioned> maximal) {
    if (maximal.isEmpty()) {
      return EMPTY;
    }
    maximal.sort(WRITE_ORDER);
    return new Siblings(List.copyOf(maximal));
  }

  /** The versions, pairwise concurrent, in last-write-wins order (the winner last). */
  public List<Versioned> versions() {
    return versions;
  }

  /** Whether there is no version at all. */
  public boolean isEmpty() {
    return versions.isEmpty();
  }

  /** The number of versions; above 1 the client has a conflict to reconcile. */
  public int size() {
    return versions.size();
  }

  /**
   * The merge of every sibling's clock: the context a client sends with its next write so that the
   * write supersedes all of these siblings. {@link VectorClock#empty()} when there is none.
   */
  public VectorClock mergedClock() {
    VectorClock merged = VectorClock.empty();
    for (Versioned version : versions) {
      merged = merged.merge(version.clock());
    }
    return merged;
  }

  /**
   * The version with the highest {@code timestampMillis}; ties go to the larger clock entries, then
   * to a tombstone, then to the larger value bytes. Empty when there is no version. Discards the
   * other siblings' writes: only for clients that asked for last-write-wins resolution.
   */
  public Optional<Versioned> lastWriteWins() {
    return isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /**
   * The last {@code countMax} versions in last-write-wins order (all of them if there are no more):
   * what a response bounded to {@code countMax} versions carries when a key has more siblings. The
   * versions left out are not lost: a write whose context merges the ones sent supersedes those
   * only, and the rest surface on the next read.
   */
  public List<Versioned> latest(int countMax) {
    if (countMax < 0) {
      throw new IllegalArgumentException(
          "siblings: countMax " + countMax + " must not be negative");
    }
    return versions.subList(Math.max(0, versions.size() - countMax), versions.size());
  }

  /** Tombstones above every value; values by unsigned lexicographic order of their bytes. */
  private static int compareValues(byte[] a, byte[] b) {
    if (a == null || b == null) {
      return Boolean.compare(a == null, b == null);
    }
    return Arrays.compareUnsigned(a, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Siblings other && versions.equals(other.versions);
  }

  @Override
  public int hashCode() {
    return versions.hashCode();
  }

  @Override
  public String toString() {
    return "Siblings" + versions;
  }
}
