package io.ringstore.core.storage.log;

import java.util.List;

/**
 * What {@link LogStorageEngine#open} found and repaired on disk, one line per event (a torn tail
 * truncated, corrupt bytes skipped, a hint file ignored), for the caller to log. store-core has no
 * logging dependency, so the engine reports rather than logs; the counts are also in {@link
 * StorageStats}.
 */
public record RecoveryReport(List<String> messages) {
  public RecoveryReport {
    messages = List.copyOf(messages);
  }
}
