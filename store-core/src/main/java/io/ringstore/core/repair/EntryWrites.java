package io.ringstore.core.repair;

import io.ringstore.core.storage.PutCallback;
import io.ringstore.core.storage.StorageEngine;
import io.ringstore.core.version.Versioned;
import io.ringstore.core.wire.RepairEntry;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stores every version of some streamed keys and tells, once, when all of them are durable or the
 * first one failed. Appends go through {@link StorageEngine#putAsync}, so a batch shares its forces
 * (group commit) instead of waiting for one per version; storage keeps only the versions that are
 * not obsolete, so writing a replica versions it already holds changes nothing.
 */
final class EntryWrites {
  private EntryWrites() {}

  /**
   * Writes {@code entries} to {@code storage}; {@code done} hears null when all are durable, or the
   * first failure.
   */
  static void write(
      StorageEngine storage, List<RepairEntry> entries, Consumer<RuntimeException> done) {
    int versions = 0;
    for (RepairEntry entry : entries) {
      versions += entry.versions().length;
    }
    if (versions == 0) {
      done.accept(null);
      return;
    }
    PutCallback callback = PutCallback.all(versions, done);
    for (RepairEntry entry : entries) {
      for (Versioned version : entry.versions()) {
        try {
          storage.putAsync(entry.key(), version, callback);
        } catch (RuntimeException e) {
          callback.failed(e);
          return;
        }
      }
    }
  }
}
