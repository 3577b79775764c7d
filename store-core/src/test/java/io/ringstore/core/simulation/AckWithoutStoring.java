package io.ringstore.core.simulation;

import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.PutOutcome;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.version.Versioned;

/**
 * A deliberately broken replica, for proving the checkers bite: its engine reports every {@code
 * everyNth} put as stored without storing it (every one for 1), and serves everything else. It sits
 * at the storage engine, so it lies to every coordinator, its own node's included (which calls its
 * replica directly, past the request handler). It counts, so it draws nothing from the run's random
 * source.
 */
final class AckWithoutStoring extends ForwardingStorageEngine {
  private final int everyNth;
  private long puts;

  AckWithoutStoring(StorageEngine engine, int everyNth) {
    super(engine);
    if (everyNth < 1) {
      throw new IllegalArgumentException("everyNth must be at least 1; got " + everyNth);
    }
    this.everyNth = everyNth;
  }

  @Override
  public PutOutcome put(byte[] key, Versioned version, int siblingsMax) {
    return lies() ? PutOutcome.STORED : super.put(key, version, siblingsMax);
  }

  @Override
  public void putAsync(byte[] key, Versioned version, int siblingsMax, PutCallback callback) {
    if (lies()) {
      callback.completed(PutOutcome.STORED);
    } else {
      super.putAsync(key, version, siblingsMax, callback);
    }
  }

  private boolean lies() {
    return ++puts % everyNth == 0;
  }
}
