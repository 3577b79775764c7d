package io.ringstore.core.storage;

/** The storage contract, run against the in-memory engine. */
class InMemoryStorageEngineTest extends StorageEngineContract {
  @Override
  protected StorageEngine open() {
    return new InMemoryStorageEngine(PARTITIONER, LIMITS);
  }

  @Override
  protected StorageEngine reopen(StorageEngine current) {
    return current;
  }
}
