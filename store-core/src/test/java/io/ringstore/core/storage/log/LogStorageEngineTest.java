package io.ringstore.core.storage.log;

import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.storage.StorageEngineContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, run against the log engine; a reopen closes it and recovers the files. */
class LogStorageEngineTest extends StorageEngineContract {
  @TempDir Path directory;

  @Override
  protected StorageEngine open() {
    return LogEngines.open(LogEngines.options(directory).withLimits(LIMITS));
  }

  @Override
  protected StorageEngine reopen(StorageEngine current) {
    current.close();
    return open();
  }
}
