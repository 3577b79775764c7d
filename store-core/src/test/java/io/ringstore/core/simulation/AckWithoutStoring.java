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
 * A deliberately broken replica, for proving the checkers bite: its engine reports every {@code
 * everyNth} put as stored without storing it (every one for 1), and serves everything else. It sits
 * at the storage engine, so it lies to every coordinator, its own node's included (which calls its
 * replica directly, past the request handler). It counts, so it draws nothing from the run's random
 * source.
 */
final class AckWithoutStoring implements StorageEngine {
  private final StorageEngine engine;
  private final int everyNth;
  private long puts;

  AckWithoutStoring(StorageEngine engine, int everyNth) {
    if (everyNth < 1) {
      throw new IllegalArgumentException("everyNth must be at least 1; got " + everyNth);
    }
    this.engine = engine;
    this.everyNth = everyNth;
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version) {
    return lies() ? PutOutcome.STORED : engine.put(key, version);
  }

  @Override
  public void putAsync(byte[] key, Versioned version, PutCallback callback) {
    if (lies()) {
      callback.completed(PutOutcome.STORED);
    } else {
      engine.putAsync(key, version, callback);
    }
  }

  private boolean lies() {
    return ++puts % everyNth == 0;
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
  public void sync() {
    engine.sync();
  }

  @Override
  public void close() {
    engine.close();
  }
}
