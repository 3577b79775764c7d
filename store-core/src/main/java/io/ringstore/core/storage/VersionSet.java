package io.ringstore.core.storage;

import io.ringstore.core.version.Occurred;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The rule every engine applies on {@link StorageEngine#put}: keep a key's versions an antichain
 * under the vector clock order. An incoming version that a stored one equals or descends from is
 * obsolete; otherwise it joins the set and evicts every stored version it descends from. Since the
 * result is always the set of maximal versions, replaying any set of writes in any order gives the
 * same versions, which is what lets recovery and compaction ignore write order.
 */
public final class VersionSet {
  private VersionSet() {}

  /**
   * The versions after adding {@code incoming} to {@code current}, or {@code null} if {@code
   * incoming} is obsolete. Never changes {@code current}.
   */
  public static List<Versioned> add(List<Versioned> current, Versioned incoming) {
    return add(current, incoming, Versioned::clock, Versioned::timestampMillis);
  }

  /**
   * The same rule over any representation of a version ({@code clockOf} gives its clock, {@code
   * timestampOf} its timestamp), for engines that index versions without their values: the stored
   * versions kept, in their order, then {@code incoming}; or {@code null} if {@code incoming} is
   * obsolete. Of two versions with equal clocks the later timestamp stays (as {@link
   * io.ringstore.core.version.Siblings} keeps it): twins merged on different replicas can carry one
   * clock and different timestamps, and every replica must keep the same one. Never changes {@code
   * current}; the result is unmodifiable.
   */
  public static <V> List<V> add(
      List<V> current,
      V incoming,
      Function<V, VectorClock> clockOf,
      ToLongFunction<V> timestampOf) {
    VectorClock clock = clockOf.apply(incoming);
    if (current.isEmpty()) {
      return List.of(incoming);
    }
    List<V> kept = new ArrayList<>(current.size() + 1);
    for (V stored : current) {
      Occurred order = clock.compare(clockOf.apply(stored));
      if (order == Occurred.BEFORE) {
        return null;
      }
      if (order == Occurred.EQUAL
          && timestampOf.applyAsLong(incoming) <= timestampOf.applyAsLong(stored)) {
        return null;
      }
      if (order == Occurred.CONCURRENT) {
        kept.add(stored);
      }
    }
    if (kept.isEmpty()) {
      return List.of(incoming);
    }
    kept.add(incoming);
    return Collections.unmodifiableList(kept);
  }

  /**
   * A version of {@code versions} other than {@code incoming} with the same content (equal value
   * bytes, or both tombstones): {@code incoming}'s twin, which it is concurrent with if both are in
   * an antichain. Null if there is none.
   */
  public static Versioned twinOf(List<Versioned> versions, Versioned incoming) {
    for (Versioned version : versions) {
      if (version != incoming && Arrays.equals(version.value(), incoming.value())) {
        return version;
      }
    }
    return null;
  }

  /**
   * Refuses a write that would leave a key with more than {@code siblingsMax} versions (0: no
   * bound): from {@code currentCount} versions to {@code nextCount}. A write that does not add a
   * sibling (it supersedes one, or the key is within the bound) passes, so a client can always
   * reconcile: a write with the context of a read supersedes what the read returned.
   *
   * @throws LimitExceededException naming the count, the bound and the way out
   */
  public static void requireWithinSiblings(int currentCount, int nextCount, int siblingsMax) {
    if (siblingsMax > 0 && nextCount > siblingsMax && nextCount > currentCount) {
      throw new LimitExceededException(
          "the key has "
              + currentCount
              + " concurrent versions and siblings-max is "
              + siblingsMax
              + ": read the key and write with the read's context to reconcile its siblings");
    }
  }
}
