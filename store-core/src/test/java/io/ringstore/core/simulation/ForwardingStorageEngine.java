package io.ringstore.core.simulation;

import io.ringstore.core.ring.TokenRange;
import io.ringstore.core.storage.KeyVersions;
import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.version.Versioned;
import java.util.Iterator;
import java.util.List;

/**
 * A storage engine that passes every call to another (Voldemort's {@code DelegatingStore}): the
 * simulator's engine faults extend it and override only the calls they change.
 */
abstract class ForwardingStorageEngine implements StorageEngine {
  private final StorageEngine engine;

  ForwardingStorageEngine(StorageEngine engine) {
    this.engine = engine;
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version) {
    return put(key, version, 0);
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version, int siblingsMax) {
    return engine.put(key, version, siblingsMax);
  }

  @Override
  public void putAsync(byte[] key, Versioned version, int siblingsMax, PutCallback callback) {
    engine.putAsync(key, version, siblingsMax, callback);
  }

  @Override
  public List<Versioned> get(byte[] key) {
    return engine.get(key);
  }

  @Override
  public Iterator<KeyVersions> scan(TokenRange range) {
    return engine.scan(range);
  }

  @Override
  public boolean forEachVersion(TokenRange range, VersionVisitor visitor) {
    return engine.forEachVersion(range, visitor);
  }

  @Override
  public void sync() {
    engine.sync();
  }

  @Override
  public void close() {
    engine.close();
  }
}
