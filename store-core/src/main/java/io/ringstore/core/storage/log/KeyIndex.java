package io.ringstore.core.storage.log;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.TokenKey;
import io.ringstore.core.storage.VersionSet;
import io.ringstore.core.version.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory index: for every key, its current versions (an antichain under the clock order),
 * each with its clock, timestamp, tombstone flag and record pointer. {@code put}'s obsolescence
 * check and tombstone reads never touch the disk; values are read through the pointers.
 *
 * <p>Concurrency: a sorted concurrent map; every change is an atomic {@code compute} on one key
 * whose function is pure (the map may call it more than once). Writers change the version set under
 * the engine's append lock; the compactor only swings pointers or drops tombstones, so it never
 * changes which versions a key has, except for removing an expired tombstone.
 */
final class KeyIndex {
  private final ConcurrentSkipListMap<TokenKey, List<StoredVersion>> map =
      new ConcurrentSkipListMap<>();

  /** The versions of {@code key}, or an empty list. */
  List<StoredVersion> get(TokenKey key) {
    List<StoredVersion> versions = map.get(key);
    return versions == null ? List.of() : versions;
  }

  /** Whether the shared antichain rule would refuse {@code incoming} for {@code key}. */
  boolean isObsolete(TokenKey key, StoredVersion incoming) {
    return add(get(key), incoming) == null;
  }

  /** Adds {@code incoming} to {@code key}'s versions by the antichain rule; false if obsolete. */
  boolean apply(TokenKey key, StoredVersion incoming) {
    boolean[] stored = new boolean[1];
    map.compute(
        key,
        (k, current) -> {
          List<StoredVersion> next = add(current == null ? List.of() : current, incoming);
          stored[0] = next != null;
          return next == null ? current : next;
        });
    return stored[0];
  }

  /**
   * The versions after adding {@code incoming}, or null if it is obsolete: {@link VersionSet#add}
   * applied to value-less shadows, mapped back to the stored versions by identity.
   */
  static List<StoredVersion> add(List<StoredVersion> current, StoredVersion incoming) {
    List<Versioned> shadows = new ArrayList<>(current.size());
    current.forEach(version -> shadows.add(version.shadow()));
    Versioned incomingShadow = incoming.shadow();
    List<Versioned> kept = VersionSet.add(shadows, incomingShadow);
    if (kept == null) {
      return null;
    }
    List<StoredVersion> next = new ArrayList<>(kept.size());
    for (Versioned shadow : kept) {
      next.add(shadow == incomingShadow ? incoming : current.get(indexOf(shadows, shadow)));
    }
    return List.copyOf(next);
  }

  private static int indexOf(List<Versioned> shadows, Versioned shadow) {
    for (int i = 0; i < shadows.size(); i++) {
      if (shadows.get(i) == shadow) {
        return i;
      }
    }
    throw new IllegalStateException("VersionSet.add returned a version it was not given");
  }

  /** Points {@code key}'s version at {@code to} if it still points at {@code from}. */
  boolean swing(TokenKey key, RecordPointer from, RecordPointer to) {
    boolean[] swung = new boolean[1];
    map.computeIfPresent(
        key,
        (k, current) -> {
          List<StoredVersion> next = new ArrayList<>(current);
          int at = indexOfPointer(current, from);
          swung[0] = at >= 0;
          if (at >= 0) {
            next.set(at, current.get(at).movedTo(to));
          }
          return List.copyOf(next);
        });
    return swung[0];
  }

  /** Removes {@code key}'s version at {@code pointer} if it is still there; drops empty keys. */
  boolean remove(TokenKey key, RecordPointer pointer) {
    boolean[] removed = new boolean[1];
    map.computeIfPresent(
        key,
        (k, current) -> {
          int at = indexOfPointer(current, pointer);
          removed[0] = at >= 0;
          if (at < 0) {
            return current;
          }
          List<StoredVersion> next = new ArrayList<>(current);
          next.remove(at);
          return next.isEmpty() ? null : List.copyOf(next);
        });
    return removed[0];
  }

  private static int indexOfPointer(List<StoredVersion> versions, RecordPointer pointer) {
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).pointer().equals(pointer)) {
        return i;
      }
    }
    return -1;
  }

  /** The keys of {@code range} in ring order, weakly consistent. */
  Iterable<Map.Entry<TokenKey, List<StoredVersion>>> entriesIn(TokenRange range) {
    return TokenKey.entriesIn(map, range);
  }

  /** Every key, in token order, weakly consistent. */
  Iterable<Map.Entry<TokenKey, List<StoredVersion>>> entries() {
    return map.entrySet();
  }

  /** The number of keys; walks the map. */
  long size() {
    return map.size();
  }
}
