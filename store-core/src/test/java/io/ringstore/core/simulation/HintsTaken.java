package io.ringstore.core.simulation;

import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.version.VectorClock;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.HintedPutRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every write some stand-in took as a hint during a run, by key and version clock: under a sloppy
 * quorum such a write may have been acknowledged by fewer than W of its replicas, so the {@link
 * ReadYourWritesChecker} does not hold quorum reads to it (Dynamo's trade: a write stays available
 * when replicas are down, and a quorum read may miss it until its hints are replayed).
 */
final class HintsTaken {
  private final Map<String, Set<VectorClock>> byKey = new HashMap<>();

  /** {@code hints}, recording each hint written through it. */
  StorageEngine watching(StorageEngine hints) {
    return new ForwardingStorageEngine(hints) {
      @Override
      public void putAsync(byte[] key, Versioned version, PutCallback callback) {
        if (!version.isTombstone()) {
          HintedPutRequest hint = HintedPutRequest.fromBytes(version.value());
          byKey
              .computeIfAbsent(
                  new String(hint.put().key(), StandardCharsets.UTF_8), k -> new HashSet<>())
              .add(hint.put().version().clock());
        }
        super.putAsync(key, version, callback);
      }
    };
  }

  /** Whether a stand-in took the write of {@code key} with {@code clock} as a hint. */
  boolean taken(String key, VectorClock clock) {
    return byKey.getOrDefault(key, Set.of()).contains(clock);
  }
}
