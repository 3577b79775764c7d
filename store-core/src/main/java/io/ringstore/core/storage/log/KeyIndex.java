package io.ringstore.core.storage.log;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.TokenKey;
import io.ringstore.core.storage.VersionSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory index: for every key, its current versions (an antichain under the clock order),
 * each with its clock, timestamp, tombstone flag and record pointer. {@code put}'s obsolescence
 * check and tombstone reads never touch the disk; values are read through the pointers.
 *
 * <p><b>Two maps.</b> Point lookups (every read and every write) go through a hash map from key to
 * versions: one hash and one or two cache misses, where the sorted skip list they used before took
 * ~17 dependent comparisons per lookup at 100,000 keys, the largest Java cost of a replica
 * operation. Scans of token ranges walk a sorted set of the keys ({@code ring}), which changes only
 * when a key appears or disappears, never when its versions do; a scan looks each key's versions up
 * in the hash map and skips a key removed meanwhile.
 *
 * <p>Concurrency: every change is an atomic {@code compute} on one key of the hash map, whose
 * function runs once per call; the function adds a new key to the sorted set or removes a vanished
 * one, so per key the two maps change under the same bin lock and never disagree once it returns.
 * Writers change the version set under the engine's append lock; the compactor only swings pointers
 * or drops tombstones, so it never changes which versions a key has, except for removing an expired
 * tombstone.
 */
final class KeyIndex {
  private final ConcurrentHashMap<TokenKey, List<StoredVersion>> versions =
      new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<TokenKey, Boolean> ring = new ConcurrentSkipListMap<>();

  /** The versions of {@code key}, or an empty list. */
  List<StoredVersion> get(TokenKey key) {
    List<StoredVersion> current = versions.get(key);
    return current == null ? List.of() : current;
  }

  /**
   * A write of one version planned against one snapshot of its key's versions: {@code next} is what
   * they become, with {@code incoming} (not yet appended, so without its pointer) in it.
   */
  record Planned(List<StoredVersion> current, List<StoredVersion> next, StoredVersion incoming) {
    /** {@code next} with {@code incoming} replaced by {@code stored}, the appended copy. */
    List<StoredVersion> nextWith(StoredVersion stored) {
      if (next.size() == 1) {
        return List.of(stored);
      }
      StoredVersion[] replaced = next.toArray(new StoredVersion[0]);
      for (int i = 0; i < replaced.length; i++) {
        if (replaced[i] == incoming) {
          replaced[i] = stored;
        }
      }
      return List.of(replaced);
    }
  }

  /**
   * Plans adding {@code incoming} to {@code key}'s versions by the antichain rule, or returns null
   * if the rule refuses it as obsolete. The writer computes the antichain once, here, and installs
   * it with {@link #apply(TokenKey, Planned, StoredVersion)} after appending the record.
   */
  Planned plan(TokenKey key, StoredVersion incoming) {
    List<StoredVersion> current = versions.get(key);
    List<StoredVersion> next = add(current == null ? List.of() : current, incoming);
    return next == null ? null : new Planned(current, next, incoming);
  }

  /**
   * Installs {@code plan} with its version appended as {@code stored}. If the key's versions
   * changed since the plan (compaction swung a pointer or dropped a version), the antichain is
   * computed again against them, as {@link #apply(TokenKey, StoredVersion)} does.
   */
  void apply(TokenKey key, Planned plan, StoredVersion stored) {
    versions.compute(
        key,
        (k, current) -> {
          List<StoredVersion> next =
              current == plan.current()
                  ? plan.nextWith(stored)
                  : add(current == null ? List.of() : current, stored);
          if (next == null) {
            return current;
          }
          if (current == null) {
            ring.put(k, Boolean.TRUE);
          }
          return next;
        });
  }

  /** Adds {@code incoming} to {@code key}'s versions by the antichain rule; false if obsolete. */
  boolean apply(TokenKey key, StoredVersion incoming) {
    boolean[] stored = new boolean[1];
    versions.compute(
        key,
        (k, current) -> {
          List<StoredVersion> next = add(current == null ? List.of() : current, incoming);
          stored[0] = next != null;
          if (next == null) {
            return current;
          }
          if (current == null) {
            ring.put(k, Boolean.TRUE);
          }
          return next;
        });
    return stored[0];
  }

  /** The versions after adding {@code incoming}, or null if it is obsolete: {@link VersionSet}. */
  static List<StoredVersion> add(List<StoredVersion> current, StoredVersion incoming) {
    return VersionSet.add(current, incoming, StoredVersion::clock, StoredVersion::timestampMillis);
  }

  /** Points {@code key}'s version at {@code to} if it still points at {@code from}. */
  boolean swing(TokenKey key, RecordPointer from, RecordPointer to) {
    boolean[] swung = new boolean[1];
    versions.computeIfPresent(
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
    versions.computeIfPresent(
        key,
        (k, current) -> {
          int at = indexOfPointer(current, pointer);
          removed[0] = at >= 0;
          if (at < 0) {
            return current;
          }
          List<StoredVersion> next = new ArrayList<>(current);
          next.remove(at);
          if (next.isEmpty()) {
            ring.remove(k);
            return null;
          }
          return List.copyOf(next);
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

  /**
   * The keys of {@code range} in ring order with their versions, weakly consistent: a key removed
   * after the walk reached it in the sorted set is skipped.
   */
  Iterable<Map.Entry<TokenKey, List<StoredVersion>>> entriesIn(TokenRange range) {
    Iterable<Map.Entry<TokenKey, Boolean>> keys = TokenKey.entriesIn(ring, range);
    return () -> new WithVersions(keys.iterator());
  }

  /** Every key, in no particular order, weakly consistent. */
  Iterable<Map.Entry<TokenKey, List<StoredVersion>>> entries() {
    return versions.entrySet();
  }

  /** The number of keys. */
  long size() {
    return versions.size();
  }

  /** Keys from the sorted set, each with its current versions; keys gone meanwhile skipped. */
  private final class WithVersions implements Iterator<Map.Entry<TokenKey, List<StoredVersion>>> {
    private final Iterator<Map.Entry<TokenKey, Boolean>> keys;
    private Map.Entry<TokenKey, List<StoredVersion>> next;

    WithVersions(Iterator<Map.Entry<TokenKey, Boolean>> keys) {
      this.keys = keys;
    }

    @Override
    public boolean hasNext() {
      while (next == null && keys.hasNext()) {
        TokenKey key = keys.next().getKey();
        List<StoredVersion> current = versions.get(key);
        if (current != null) {
          next = Map.entry(key, current);
        }
      }
      return next != null;
    }

    @Override
    public Map.Entry<TokenKey, List<StoredVersion>> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<TokenKey, List<StoredVersion>> result = next;
      next = null;
      return result;
    }
  }
}
