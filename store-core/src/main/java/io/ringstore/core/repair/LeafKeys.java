package io.ringstore.core.repair;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.StorageEngine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One replica's keys in some Merkle leaves, by token: each token's digest (the sum of its keys'
 * digests; keys sharing a token are rare and travel together) and the keys' bytes, so that a sync
 * can read back and send a peer the versions it lacks. Built by scanning the leaves from storage;
 * no value is kept (a batch of 4,096 keys of 1 MiB values would otherwise hold 4 GiB).
 */
final class LeafKeys {
  private final TreeMap<Long, Long> digestByToken = new TreeMap<>();
  private final Map<Long, List<byte[]>> keysByToken = new TreeMap<>();

  /** Scans {@code leaves} from {@code storage}. */
  static LeafKeys scan(StorageEngine storage, List<TokenRange> leaves) {
    LeafKeys keys = new LeafKeys();
    for (TokenRange leaf : leaves) {
      keys.add(storage.scan(leaf));
    }
    return keys;
  }

  private void add(Iterator<KeyVersions> scan) {
    while (scan.hasNext()) {
      KeyVersions key = scan.next();
      digestByToken.merge(key.token(), Digests.of(key), Long::sum);
      keysByToken.computeIfAbsent(key.token(), t -> new ArrayList<>(1)).add(key.key());
    }
  }

  int tokenCount() {
    return digestByToken.size();
  }

  /** The tokens, ascending. */
  long[] tokens() {
    return digestByToken.keySet().stream().mapToLong(Long::longValue).toArray();
  }

  /** The digests, in the order of {@link #tokens}. */
  long[] digests() {
    return digestByToken.values().stream().mapToLong(Long::longValue).toArray();
  }

  /** The digest of {@code token}'s keys, or null if this replica holds none. */
  Long digestOf(long token) {
    return digestByToken.get(token);
  }

  /** The keys with {@code token}; empty if none. */
  List<byte[]> keysOf(long token) {
    return keysByToken.getOrDefault(token, List.of());
  }

  /** Every token held here, ascending. */
  Iterable<Long> tokenSet() {
    return digestByToken.keySet();
  }
}
