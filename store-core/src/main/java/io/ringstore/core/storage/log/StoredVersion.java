package io.ringstore.core.storage.log;

import io.ringstore.core.version.VectorClock;

/**
 * One version as the index holds it: everything {@code put}'s obsolescence check and a tombstone
 * read need, plus a pointer to the record for the value. Immutable.
 */
record StoredVersion(
    VectorClock clock, long timestampMillis, boolean tombstone, RecordPointer pointer) {

  /** A copy that points at {@code moved}, as compaction leaves it. */
  StoredVersion movedTo(RecordPointer moved) {
    return new StoredVersion(clock, timestampMillis, tombstone, moved);
  }
}
