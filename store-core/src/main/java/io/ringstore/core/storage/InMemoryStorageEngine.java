package io.ringstore.core.storage;

import io.ringstore.core.ring.Partitioner;
import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.version.Siblings;
import io.ringstore.core.version.Versioned;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

/**
 * A storage engine that keeps everything in a concurrent sorted map: for tests, the simulator
 * (whose simulated disk decides what a crash loses) and nodes that need no durability. It passes
 * the same contract suite as the durable engine.
 */
public final class InMemoryStorageEngine implements StorageEngine {
  private final Partitioner partitioner;
  private final StorageLimits limits;
  private final ConcurrentSkipListMap<TokenKey, List<Versioned>> index =
      new ConcurrentSkipListMap<>();
  private volatile boolean closed;

  public InMemoryStorageEngine(Partitioner partitioner, StorageLimits limits) {
    this.partitioner = partitioner;
    this.limits = limits;
  }

  @Override
  public List<Versioned> get(byte[] key) {
    requireOpen();
    limits.checkKey(key);
    List<Versioned> versions = index.get(new TokenKey(partitioner.token(key), key));
    return versions == null ? List.of() : versions;
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version) {
    return put(key, version, 0);
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version, int siblingsMax) {
    requireOpen();
    limits.check(key, version);
    AtomicReference<PutOutcome> outcome = new AtomicReference<>(PutOutcome.OBSOLETE);
    TokenKey tokenKey = new TokenKey(partitioner.token(key), key.clone());
    index.compute(tokenKey, (k, current) -> merge(current, version, siblingsMax, outcome));
    return outcome.get();
  }

  private static List<Versioned> merge(
      List<Versioned> current,
      Versioned version,
      int siblingsMax,
      AtomicReference<PutOutcome> outcome) {
    List<Versioned> before = current == null ? List.of() : current;
    List<Versioned> merged = VersionSet.add(before, version);
    if (merged == null) {
      return current;
    }
    Versioned twin = merged.size() < 2 ? null : VersionSet.twinOf(merged, version);
    if (twin != null) {
      merged = VersionSet.add(before, Siblings.mergedTwins(version, twin));
      if (merged == null) {
        return current;
      }
    }
    VersionSet.requireWithinSiblings(before.size(), merged.size(), siblingsMax);
    outcome.set(PutOutcome.STORED);
    return List.copyOf(merged);
  }

  @Override
  public Iterator<KeyVersions> scan(TokenRange range) {
    requireOpen();
    return StreamSupport.stream(TokenKey.entriesIn(index, range).spliterator(), false)
        .map(InMemoryStorageEngine::toKeyVersions)
        .iterator();
  }

  private static KeyVersions toKeyVersions(Map.Entry<TokenKey, List<Versioned>> entry) {
    return new KeyVersions(entry.getKey().key(), entry.getKey().token(), entry.getValue());
  }

  @Override
  public void sync() {
    requireOpen();
  }

  @Override
  public void close() {
    closed = true;
  }

  private void requireOpen() {
    if (closed) {
      throw new StorageClosedException("the in-memory storage engine was closed");
    }
  }
}
